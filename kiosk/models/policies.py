"""The county's policy library (hub, published to every station): each employment policy in
both scripts, with the fields the national open-government catalogue names for it."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.models.base import Base, SyncedRecord

#: The catalogue's fields (the policy, who it covers, conditions, documents, steps, where and
#: how to apply) and the county's additions (amount, funding line, what cannot be combined),
#: each as `<field>_zh` and `<field>_mn`. Title first; the rest in the order a page shows them.
POLICY_TEXTS = (
    "title",
    "summary",
    "covers",
    "conditions",
    "amount",
    "documents",
    "steps",
    "where",
    "funding",
    "exclusive",
)


class Policy(SyncedRecord, Base):
    """One policy item; its code names it in the self-check's rules (kiosk/data/rules)."""

    __tablename__ = "policy"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    title_zh: Mapped[str] = mapped_column(String(100))
    title_mn: Mapped[str] = mapped_column(String(200))
    #: "The policy": what it gives, in a sentence or two.
    summary_zh: Mapped[str] = mapped_column(Text, default="")
    summary_mn: Mapped[str] = mapped_column(Text, default="")
    covers_zh: Mapped[str] = mapped_column(Text, default="")
    covers_mn: Mapped[str] = mapped_column(Text, default="")
    conditions_zh: Mapped[str] = mapped_column(Text, default="")
    conditions_mn: Mapped[str] = mapped_column(Text, default="")
    amount_zh: Mapped[str] = mapped_column(Text, default="")
    amount_mn: Mapped[str] = mapped_column(Text, default="")
    #: One document a line (a slip and the self-check list them one by one).
    documents_zh: Mapped[str] = mapped_column(Text, default="")
    documents_mn: Mapped[str] = mapped_column(Text, default="")
    #: One step a line.
    steps_zh: Mapped[str] = mapped_column(Text, default="")
    steps_mn: Mapped[str] = mapped_column(Text, default="")
    where_zh: Mapped[str] = mapped_column(Text, default="")
    where_mn: Mapped[str] = mapped_column(Text, default="")
    funding_zh: Mapped[str] = mapped_column(Text, default="")
    funding_mn: Mapped[str] = mapped_column(Text, default="")
    exclusive_zh: Mapped[str] = mapped_column(Text, default="")
    exclusive_mn: Mapped[str] = mapped_column(Text, default="")
    #: The document it rests on, e.g. 财社〔2023〕181号.
    basis: Mapped[str] = mapped_column(String(200), default="")
    #: The station service to book about it (kiosk/data/services.csv), or "".
    service_code: Mapped[str] = mapped_column(String(40), default="")
    #: A demonstration item, not the county's text: every screen and slip says so.
    example: Mapped[bool] = mapped_column(default=False)
    sort: Mapped[int] = mapped_column(default=100)
