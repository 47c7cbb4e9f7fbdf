"""Write the vendor sample exports under tests/data/profiles/ (deterministic).

Each file is a few hundred records in the vendor's own field names and value
formats, as its documentation describes them, with the awkward cases the
profile must handle:

* amazon_connect_ctr.jsonl — Amazon Connect contact records (data model
  "2017-03-10"), one JSON object per line, as a Kinesis Data Firehose stream
  writes them to S3 with a newline after each record. Voice and chat; calls
  abandoned in queue and in the IVR; transfers (a second record with
  InitiationMethod TRANSFER); outbound calls; and records delivered twice, the
  earlier copy older by LastUpdateTimestamp (before after-contact work, or
  while the contact was still queued), some out of file order.
* zendesk_tickets.csv — the Zendesk Support ticket CSV export (ticket and
  ticket-metric columns). Tickets still unanswered, on hold, solved and
  reopened; Good/Bad/Offered satisfaction; outbound calls.
* zammad_tickets.jsonl — Zammad tickets as /api/v1/tickets?expand=true returns
  them, one per line: email, phone, web, chat and Twitter tickets, tickets an
  agent opened, merged tickets, pending ones.

    python scripts/make_profile_samples.py
"""

from __future__ import annotations

import csv
import json
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "profiles"
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
ACCOUNT = "111122223333"
INSTANCE = f"arn:aws:connect:eu-west-2:{ACCOUNT}:instance/5f2a6b1c-0d3e-4f5a-8b9c-1d2e3f4a5b6c"


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


# -- Amazon Connect -------------------------------------------------------------------------------


def connect_records(rng: random.Random) -> list[dict[str, Any]]:
    queues = ["Billing", "Technical Support", "Sales"]
    agents = ["jdoe", "asmith", "mkhan", "lchen", "rgarcia", "tnguyen"]
    records: list[dict[str, Any]] = []
    late: list[dict[str, Any]] = []
    t = START
    for n in range(300):
        t += timedelta(seconds=rng.randint(20, 240))
        channel = "CHAT" if n % 5 == 4 else "VOICE"
        method = "OUTBOUND" if n % 23 == 7 and channel == "VOICE" else "INBOUND"
        contact = uuid(rng)
        rec: dict[str, Any] = {
            "AWSAccountId": ACCOUNT,
            "AWSContactTraceRecordFormatVersion": "2017-03-10",
            "Agent": None,
            "AgentConnectionAttempts": 0,
            "Attributes": {"intent": rng.choice(["billing", "outage", "upgrade", "cancel"])},
            "Channel": channel,
            "ConnectedToSystemTimestamp": iso(t),
            "ContactId": contact,
            "CustomerEndpoint": {
                "Address": f"+4420794{rng.randint(10000, 99999)}",
                "Type": "TELEPHONE_NUMBER",
            }
            if channel == "VOICE"
            else None,
            "DisconnectReason": "CUSTOMER_DISCONNECT",
            "DisconnectTimestamp": None,
            "InitialContactId": None,
            "InitiationMethod": method,
            "InitiationTimestamp": iso(t),
            "InstanceARN": INSTANCE,
            "LastUpdateTimestamp": None,
            "MediaStreams": [{"Type": "AUDIO" if channel == "VOICE" else "CHAT"}],
            "NextContactId": None,
            "PreviousContactId": None,
            "Queue": None,
            "Recording": None,
            "SystemEndpoint": {"Address": "+442070000000", "Type": "TELEPHONE_NUMBER"},
            "TransferCompletedTimestamp": None,
            "TransferredToEndpoint": None,
        }
        ivr = timedelta(seconds=rng.randint(5, 60))
        fate = rng.random()
        end = t + ivr
        queue_name = rng.choice(queues)
        if method == "INBOUND" and fate < 0.05:  # hung up in the IVR, never queued
            rec["DisconnectReason"] = "CUSTOMER_DISCONNECT"
        elif method == "INBOUND":
            enqueue = t + ivr
            wait = timedelta(seconds=int(rng.expovariate(1 / (90 if channel == "VOICE" else 40))))
            rec["Queue"] = {
                "ARN": f"{INSTANCE}/queue/{queue_name.lower().replace(' ', '-')}",
                "DequeueTimestamp": iso(enqueue + wait),
                "Duration": int(wait.total_seconds()),
                "EnqueueTimestamp": iso(enqueue),
                "Name": queue_name,
            }
            end = enqueue + wait
            if fate > 0.20:  # answered
                talk = rng.randint(60, 900)
                holds = rng.choice([0, 0, 0, 1, 1, 2]) if channel == "VOICE" else 0
                hold = sum(rng.randint(10, 180) for _ in range(holds))
                acw = rng.randint(5, 120)
                answered = enqueue + wait
                end = answered + timedelta(seconds=talk + hold)
                rec["AgentConnectionAttempts"] = 1
                rec["Agent"] = {
                    "ARN": f"{INSTANCE}/agent/{uuid(rng)}",
                    "AfterContactWorkDuration": acw,
                    "AfterContactWorkEndTimestamp": iso(end + timedelta(seconds=acw)),
                    "AfterContactWorkStartTimestamp": iso(end),
                    "AgentInteractionDuration": talk,
                    "ConnectedToAgentTimestamp": iso(answered),
                    "CustomerHoldDuration": hold,
                    "HierarchyGroups": None,
                    "LongestHoldDuration": hold if holds <= 1 else hold // 2,
                    "NumberOfHolds": holds,
                    "RoutingProfile": {"ARN": f"{INSTANCE}/routing-profile/basic", "Name": "Basic"},
                    "Username": rng.choice(agents),
                }
                rec["DisconnectReason"] = rng.choice(["CUSTOMER_DISCONNECT", "AGENT_DISCONNECT"])
        else:  # outbound: the agent dials
            talk = rng.randint(30, 400)
            rec["Agent"] = {
                "AgentInteractionDuration": talk,
                "ConnectedToAgentTimestamp": iso(t),
                "CustomerHoldDuration": 0,
                "NumberOfHolds": 0,
                "Username": rng.choice(agents),
            }
            end = t + timedelta(seconds=talk)
        rec["DisconnectTimestamp"] = iso(end)
        rec["LastUpdateTimestamp"] = iso(end + timedelta(seconds=150))
        if rec["Agent"] is not None and method == "INBOUND" and n % 9 == 0:  # transferred
            leg = uuid(rng)
            rec["NextContactId"] = leg
            rec["TransferCompletedTimestamp"] = iso(end - timedelta(seconds=30))
            rec["TransferredToEndpoint"] = {"Address": "+442070000001", "Type": "TELEPHONE_NUMBER"}
            transfer = json.loads(json.dumps(rec))
            transfer.update(
                ContactId=leg,
                InitiationMethod="TRANSFER",
                InitialContactId=contact,
                PreviousContactId=contact,
                NextContactId=None,
                TransferCompletedTimestamp=None,
                TransferredToEndpoint=None,
                InitiationTimestamp=iso(end - timedelta(seconds=30)),
                LastUpdateTimestamp=iso(end + timedelta(seconds=400)),
            )
            late.append(transfer)
        if n % 7 == 3:  # delivered twice: an earlier copy first
            early = json.loads(json.dumps(rec))
            early["LastUpdateTimestamp"] = iso(end + timedelta(seconds=5))
            if early["Agent"] is not None and n % 14 == 3:
                early["Agent"] = None  # the first copy was sent while still in queue
            elif early["Agent"] is not None:
                early["Agent"]["AfterContactWorkDuration"] = None
            records.append(early)
        if n % 29 == 11:
            late.append(rec)  # the final copy arrives much later in the stream
        else:
            records.append(rec)
    return records + late


# -- Zendesk ---------------------------------------------------------------------------------------

ZENDESK_COLUMNS = [
    "Summation column", "Id", "Requester", "Requester id", "Requester external id",
    "Requester email", "Requester domain", "Submitter", "Assignee", "Group", "Subject", "Tags",
    "Status", "Priority", "Via", "Ticket type", "Created at", "Updated at", "Assigned at",
    "Organization", "Due date", "Initially assigned at", "Solved at", "Resolution time",
    "Satisfaction Score", "Group stations", "Assignee stations", "Reopens", "Replies",
    "First reply time in minutes", "First reply time in minutes within business hours",
    "First resolution time in minutes", "First resolution time in minutes within business hours",
    "Full resolution time in minutes", "Full resolution time in minutes within business hours",
    "Agent wait time in minutes", "Agent wait time in minutes within business hours",
    "Requester wait time in minutes", "Requester wait time in minutes within business hours",
    "On hold time in minutes", "On hold time in minutes within business hours",
]  # fmt: skip


def zendesk_time(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S %z")


def zendesk_rows(rng: random.Random) -> list[list[object]]:
    names = ["Ana Souza", "Ben Okafor", "Chloé Martin", "Dev Patel", "Eva Novak", "Femi Ade"]
    vias = [("Mail", 0.40), ("Web form", 0.22), ("Chat", 0.16), ("Twitter", 0.08),
            ("Facebook post", 0.04), ("Phone call (incoming)", 0.07), ("Voicemail", 0.01),
            ("Phone call (outbound)", 0.02)]  # fmt: skip
    groups = {"Mail": "Support", "Web form": "Support", "Chat": "Live", "Twitter": "Social Care",
              "Facebook post": "Social Care", "Phone call (incoming)": "Voice",
              "Voicemail": "Voice", "Phone call (outbound)": "Voice"}  # fmt: skip
    account_zone = timezone(timedelta(hours=1))  # the account's time zone: CET
    rows: list[list[object]] = []
    t = START
    for n in range(320):
        t += timedelta(minutes=rng.randint(3, 60))
        created = t.astimezone(account_zone)
        via = rng.choices([v for v, _ in vias], weights=[w for _, w in vias])[0]
        social = via in ("Twitter", "Facebook post")
        status = rng.choices(
            ["new", "open", "pending", "hold", "solved", "closed"], [4, 10, 8, 5, 45, 28]
        )[0]
        replied = status != "new" and rng.random() > 0.03
        first_reply = (
            (rng.randint(1, 40) if social else int(rng.expovariate(1 / 300)) + 1)
            if replied
            else None
        )
        solved = status in ("solved", "closed")
        full = (first_reply or 0) + rng.randint(10, 4000) if solved else None
        reopens = rng.choice([0, 0, 0, 0, 1, 2]) if solved else rng.choice([0, 0, 1])
        on_hold = rng.randint(30, 2000) if status == "hold" or rng.random() < 0.1 else 0
        score = (
            rng.choice(["Good", "Good", "Good", "Bad"])
            if solved and rng.random() < 0.5
            else ("Offered" if solved else "Unoffered")
        )
        requester = rng.randrange(len(names))
        solved_at = zendesk_time(created + timedelta(minutes=full)) if full is not None else ""
        updated = created + timedelta(minutes=(full or first_reply or 5) + 3)
        rows.append([
            1, 4100 + n, names[requester], 36000 + requester * 7, "",
            f"{names[requester].split()[0].lower()}@example.org", "example.org",
            names[requester], rng.choice(["Kim Ito", "Lea Braun", "Mo Said"]) if replied else "",
            groups[via], f"Order {rng.randint(10000, 99999)}", "order delivery",
            "Hold" if status == "hold" else status.capitalize(),
            rng.choice(["Low", "Normal", "High"]),
            via, rng.choice(["Question", "Incident", "Problem", "Task"]), zendesk_time(created),
            zendesk_time(updated), zendesk_time(created + timedelta(minutes=1)) if replied else "",
            "", "", zendesk_time(created + timedelta(minutes=1)) if replied else "", solved_at,
            full // 60 if full is not None else "", score, 1, 1 if replied else 0, reopens,
            rng.randint(1, 4) if replied else 0,
            "" if first_reply is None else first_reply,
            "" if first_reply is None else first_reply,
            "" if full is None else full - rng.randint(0, 5),
            "" if full is None else full - rng.randint(0, 5),
            "" if full is None else full, "" if full is None else full,
            rng.randint(0, 200), rng.randint(0, 200), rng.randint(0, 600), rng.randint(0, 600),
            on_hold, on_hold,
        ])  # fmt: skip
    return rows


# -- Zammad ----------------------------------------------------------------------------------------


def zammad_tickets(rng: random.Random) -> list[dict[str, Any]]:
    kinds = [("email", 1), ("phone", 5), ("web", 11), ("chat", 9), ("twitter status", 6)]
    weights = [45, 15, 20, 12, 8]
    states = {"new": 1, "open": 2, "pending reminder": 3, "closed": 4, "merged": 5,
              "pending close": 7}  # fmt: skip
    groups = ["Users", "Sales", "Service Desk"]
    tickets = []
    t = START
    for n in range(260):
        t += timedelta(minutes=rng.randint(2, 50), milliseconds=rng.randint(0, 999))
        kind, kind_id = rng.choices(kinds, weights)[0]
        sender = rng.choices(["Customer", "Agent", "System"], [88, 9, 3])[0]
        state = rng.choices(list(states), [5, 15, 10, 60, 4, 6])[0]
        answered = state not in ("new",) and rng.random() > 0.05
        first = t + timedelta(minutes=rng.randint(2, 30) if kind == "twitter status" else
                              int(rng.expovariate(1 / 240)) + 1) if answered else None  # fmt: skip
        close = (
            (first or t) + timedelta(minutes=rng.randint(5, 5000)) if state == "closed" else None
        )
        customer = f"customer{rng.randint(1, 60)}@example.com"
        tickets.append({
            "id": 900 + n, "group_id": 1, "priority_id": 2, "state_id": states[state],
            "organization_id": None, "number": f"{31001 + n}", "title": f"Request {n}",
            "owner_id": 3 if answered else 1, "customer_id": 10 + n % 60, "note": None,
            "first_response_at": iso_ms(first) if first else None,
            "first_response_escalation_at": None,
            "first_response_in_min": int((first - t).total_seconds() // 60) if first else None,
            "first_response_diff_in_min": None,
            "close_at": iso_ms(close) if close else None, "close_escalation_at": None,
            "close_in_min": int((close - t).total_seconds() // 60) if close else None,
            "close_diff_in_min": None, "update_escalation_at": None, "update_in_min": None,
            "update_diff_in_min": None, "last_contact_at": iso_ms(first or t),
            "last_contact_agent_at": iso_ms(first) if first else None,
            "last_contact_customer_at": iso_ms(t), "last_owner_update_at": None,
            "create_article_type_id": kind_id, "create_article_sender_id": 2,
            "article_count": rng.randint(1, 6), "escalation_at": None,
            "pending_time": iso_ms(t + timedelta(days=2)) if state.startswith("pending") else None,
            "type": None, "time_unit": None, "preferences": {},
            "updated_by_id": 3, "created_by_id": 10 + n % 60, "created_at": iso_ms(t),
            "updated_at": iso_ms(close or first or t), "article_ids": [5000 + 3 * n],
            "ticket_time_accounting_ids": [], "group": rng.choice(groups),
            "organization": rng.choice([None, "Awesome Customer Inc.", "Zammad Foundation"]),
            "ticket_time_accounting": [], "state": state, "priority": "2 normal",
            "owner": "agent@example.com" if answered else "-", "customer": customer,
            "created_by": customer, "updated_by": "agent@example.com",
            "create_article_type": kind, "create_article_sender": sender,
        })  # fmt: skip
    return tickets


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20260302)
    with (OUT / "amazon_connect_ctr.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for rec in connect_records(rng):
            fh.write(json.dumps(rec, separators=(",", ":")) + "\n")
    with (OUT / "zendesk_tickets.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(ZENDESK_COLUMNS)
        writer.writerows(zendesk_rows(rng))
    with (OUT / "zammad_tickets.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for ticket in zammad_tickets(rng):
            fh.write(json.dumps(ticket, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
