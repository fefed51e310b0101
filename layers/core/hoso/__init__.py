"""hoso core: domain logic for the intake of Vietnamese administrative dossiers.

This package never imports boto3 or aws-lambda-powertools: AWS sits behind the ports in
:mod:`hoso.ports`; adapters live in ``hoso_aws`` (AWS; moto on the local stack).
"""

__version__ = "0.1.0"
