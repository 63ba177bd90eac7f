"""AWS emulated on one machine, for developing and testing aws mode without an account.

moto's server stands in for Cognito, DynamoDB, S3, SQS, EventBridge, SSM, Secrets Manager and
CloudFront's control plane; the resources are made from the CDK app's synthesized templates;
a MediaConvert stand-in transcodes with ffmpeg; an event pump hands SQS messages to the real
Lambda handlers and runs the scheduled ones. `valvid aws-local run` starts it all with the app.
"""
