"""AWS adapters for the hoso core's ports (boto3), and the composition root."""
