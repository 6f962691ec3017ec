"""The external channels: email over SMTP and group-robot webhooks (企业微信, 钉钉, JSON).

Each transport raises ChannelError with a Chinese reason on any failure; network calls
always carry a timeout, so a channel that hangs costs seconds, never the scheduler.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import smtplib
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from core.errors import InvalidInput
from quizzes.notify.models import ROBOT_DINGTALK, ROBOT_KINDS, ROBOT_WECOM

SECURITY_MODES = ("starttls", "ssl", "none")


class ChannelError(Exception):
    """Sending failed; the message says why, in Chinese."""

    def __init__(self, message: str, *, channel_down: bool = False):
        super().__init__(message)
        # True when the channel itself is unusable (cannot connect, bad login), so the
        # sender stops trying this channel for the rest of the pass.
        self.channel_down = channel_down


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str = "starttls"
    username: str | None = None
    password: str | None = None
    sender: str = ""
    sender_name: str = "审计法规库与练兵平台"
    timeout: float = 10.0
    # CA bundle for an intranet mail server whose certificate an internal CA signed.
    ca_file: str | None = None

    def validate(self) -> "SmtpSettings":
        problems = []
        if not self.host or any(ch.isspace() for ch in self.host):
            problems.append("SMTP 服务器地址为空或含空格")
        if not isinstance(self.port, int) or not 0 < self.port < 65536:
            problems.append(f"SMTP 端口无效：{self.port!r}")
        if self.security not in SECURITY_MODES:
            problems.append(f"加密方式应为 starttls、ssl 或 none，而不是 {self.security!r}")
        if "@" not in (self.sender or ""):
            problems.append("发件人地址无效")
        if self.ca_file and not os.path.isfile(self.ca_file):
            problems.append(f"CA 证书文件不存在：{self.ca_file}")
        if bool(self.username) != bool(self.password):
            problems.append("SMTP 用户名和密码须同时填写")
        if problems:
            raise InvalidInput("邮件设置有误：" + "；".join(problems))
        return self

    @classmethod
    def from_config(cls, config: dict) -> "SmtpSettings | None":
        """Settings from a configuration mapping (MAIL_SERVER, MAIL_PORT, …); None if unset."""
        host = config.get("MAIL_SERVER")
        if not host:
            return None
        try:
            port = int(config.get("MAIL_PORT") or 587)
        except (TypeError, ValueError):
            raise InvalidInput(f"邮件设置有误：SMTP 端口无效：{config.get('MAIL_PORT')!r}") from None
        return cls(host=str(host), port=port,
                   security=str(config.get("MAIL_SECURITY") or "starttls").lower(),
                   username=config.get("MAIL_USERNAME") or None,
                   password=config.get("MAIL_PASSWORD") or None,
                   sender=str(config.get("MAIL_SENDER") or ""),
                   timeout=float(config.get("MAIL_TIMEOUT") or 10),
                   ca_file=config.get("MAIL_CA_FILE") or None).validate()


class EmailTransport:
    """Sends mail over one SMTP connection per batch (`with transport.session() as send`)."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings.validate()

    def connect(self) -> smtplib.SMTP:
        s = self.settings
        smtp = None
        try:
            context = ssl.create_default_context(cafile=s.ca_file)
            if s.security == "ssl":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    smtp.starttls(context=context)
            if s.username:
                smtp.login(s.username, s.password)
            return smtp
        except smtplib.SMTPAuthenticationError:
            reason = "SMTP 登录失败：用户名或密码错误"
        except smtplib.SMTPNotSupportedError as error:
            reason = f"SMTP 服务器不支持所需功能（STARTTLS 或登录）：{error}"
        except (OSError, smtplib.SMTPException) as error:
            reason = f"无法连接 SMTP 服务器 {s.host}:{s.port}：{error}"
        if smtp is not None:
            close_quietly(smtp)
        raise ChannelError(reason, channel_down=True)

    def build(self, to: str, subject: str, body: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = formataddr((self.settings.sender_name, self.settings.sender))
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=self.settings.sender.split("@")[-1])
        message.set_content(body)
        return message

    @staticmethod
    def send(smtp: smtplib.SMTP, message: EmailMessage) -> None:
        try:
            smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused:
            raise ChannelError(f"收件人被拒绝：{message['To']}") from None
        except smtplib.SMTPServerDisconnected:
            raise ChannelError("SMTP 连接中断", channel_down=True) from None
        except (OSError, smtplib.SMTPException) as error:
            raise ChannelError(f"邮件发送失败：{error}") from None


def close_quietly(smtp: smtplib.SMTP) -> None:
    """End an SMTP session politely if possible, and always release the socket."""
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


@dataclass(frozen=True)
class RobotTarget:
    kind: str
    url: str
    secret: str | None = None


def robot_payload(kind: str, title: str, markdown: str, link: str | None) -> dict:
    text = markdown + (f"\n\n[查看详情]({link})" if link else "")
    if kind == ROBOT_WECOM:
        return {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n\n{text}"}}
    if kind == ROBOT_DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": title, "text": f"### {title}\n\n{text}"}}
    return {"title": title, "text": markdown, "link": link}


def dingtalk_signed_url(url: str, secret: str, now_ms: int | None = None) -> str:
    """DingTalk 加签: timestamp + HMAC-SHA256(secret, "timestamp\\nsecret"), base64, url-encoded."""
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp}&sign={sign}"


def validate_robot(kind: str, url: str, secret: str | None) -> None:
    if kind not in ROBOT_KINDS:
        raise InvalidInput(f"未知的机器人类型：{kind}")
    parsed = urllib.parse.urlparse(url or "")
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InvalidInput("Webhook 地址须以 http:// 或 https:// 开头")
    if kind == ROBOT_DINGTALK and secret is not None and not secret.strip():
        raise InvalidInput("钉钉加签密钥不能为空白")


class RobotTransport:
    """Posts one JSON message to a robot webhook and checks the robot's answer."""

    def __init__(self, timeout: float = 5.0):
        self.timeout = timeout

    def post(self, robot: RobotTarget, title: str, markdown: str, link: str | None) -> None:
        url = robot.url
        if robot.kind == ROBOT_DINGTALK and robot.secret:
            url = dingtalk_signed_url(url, robot.secret)
        data = json.dumps(robot_payload(robot.kind, title, markdown, link), ensure_ascii=False)
        request = urllib.request.Request(url, data=data.encode(), method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(65536)
        except urllib.error.HTTPError as error:
            # Rate limiting and server errors say the robot is unwell: stop this pass.
            raise ChannelError(f"Webhook 返回 HTTP {error.code}",
                               channel_down=error.code == 429 or error.code >= 500) from None
        except (urllib.error.URLError, socket.timeout, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ChannelError(f"Webhook 无法访问或超时：{reason}", channel_down=True) from None
        if robot.kind in (ROBOT_WECOM, ROBOT_DINGTALK):
            _check_errcode(body)


def _check_errcode(body: bytes) -> None:
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        raise ChannelError("机器人返回的不是 JSON") from None
    if answer.get("errcode", 0) != 0:
        raise ChannelError(f"机器人拒绝消息：errcode={answer.get('errcode')} {answer.get('errmsg', '')}")
