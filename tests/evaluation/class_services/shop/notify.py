"""Customer notifications over SNS and SES."""

from __future__ import annotations

import boto3


class Notifier:
    def __init__(self, topic_arn: str) -> None:
        self.topic_arn = topic_arn
        self.sns = boto3.client("sns")

    @staticmethod
    def render(template: str, **values: str) -> str:
        return template.format(**values)

    def publish(self, subject: str, message: str) -> str:
        resp = self.sns.publish(TopicArn=self.topic_arn, Subject=subject, Message=message)
        return resp["MessageId"]


class EmailNotifier(Notifier):
    def __init__(self, topic_arn: str, sender: str) -> None:
        super().__init__(topic_arn)
        self.sender = sender
        self.ses = boto3.client("sesv2")

    def send_email(self, to: str, subject: str, body: str) -> str:
        resp = self.ses.send_email(
            FromEmailAddress=self.sender,
            Destination={"ToAddresses": [to]},
            Content={"Simple": {"Subject": {"Data": subject}, "Body": {"Text": {"Data": body}}}},
        )
        return resp["MessageId"]
