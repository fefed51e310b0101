"""Scheduled: stale uploads fail; stalled dossiers start again (once) or fail; supplement
periods close; due-soon and overdue flags. ``StuckDossiers`` (CloudWatch, embedded metric
format) counts the stalled dossiers each sweep found, for the operations alarm."""

from typing import Any

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from hoso.services import sweeper
from hoso_aws import bootstrap
from hoso_aws.lambda_support import make_logger

logger = make_logger("hoso-sweeper")
metrics = Metrics(namespace="hoso", service="sweeper")


@metrics.log_metrics
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, list[str]]:
    result = sweeper.sweep(bootstrap.services())
    metrics.add_metric(name="StuckDossiers", unit=MetricUnit.Count, value=len(result["stalled"]))
    logger.info("sweep done", extra={k: len(v) for k, v in result.items()})
    return result
