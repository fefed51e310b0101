"""Scheduled: dossiers whose files arrived but whose manifest.json never did end as failed."""

from aws_lambda_powertools.utilities.typing import LambdaContext

from hoso_aws import bootstrap
from hoso_aws.lambda_support import make_logger

logger = make_logger("hoso-sweeper")


@logger.inject_lambda_context
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    failed = bootstrap.pipeline().sweep()
    logger.info("sweep done", extra={"failed": len(failed)})
    return {"failed": failed}
