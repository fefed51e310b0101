"""Scheduled: stale uploads fail; supplement periods close; due-soon and overdue flags."""

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from hoso.services import housekeeping
from hoso_aws import bootstrap
from hoso_aws.lambda_support import make_logger

logger = make_logger("hoso-sweeper")


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, list[str]]:
    result = housekeeping.sweep(bootstrap.services())
    logger.info("sweep done", extra={k: len(v) for k, v in result.items()})
    return result
