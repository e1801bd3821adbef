"""The words of the briefing UI (headings, column names, fixed phrases) in both languages.

Data (names, quotes) never comes from here; only the frame around it. ``ui(lang)`` returns
a function ``t(key, **values)``; an unknown key is a bug and raises ``KeyError``.
"""

from __future__ import annotations

from collections.abc import Callable

STRINGS: dict[str, tuple[str, str]] = {
    # key: (zh-Hant, en)
    "issue.title": ("議題簡報：{name}", "Issue brief: {name}"),
    "economy.title": ("經濟體簡報：{name}", "Economy brief: {name}"),
    "meeting.title": ("會議簡報：{name}", "Meeting brief: {name}"),
    "prep.title": ("下次會議準備資料", "Next-meeting pack"),
    "subtitle": (
        "依會議報告原文整理，每項陳述均附出處",
        "From the meeting reports; every statement is cited",
    ),
    "meta.id": ("代號", "Id"),
    "meta.status": ("狀態", "Status"),
    "meta.open": ("仍待處理", "open"),
    "meta.settled": ("已有結論", "settled"),
    "meta.no-outcome": ("尚無結論紀錄", "no outcome recorded"),
    "meta.meetings": ("涵蓋會議", "Meetings covered"),
    "meta.date": ("日期", "Date"),
    "meta.forum": ("論壇", "Forum"),
    "meta.chair": ("主席", "Chair"),
    "meta.mode": ("形式", "Mode"),
    "meta.host": ("主辦經濟體", "Host economy"),
    "meta.source": ("來源報告", "Source report"),
    "meta.since": ("起始", "Since"),
    "meta.all": ("全部", "all"),
    "h.context": ("議題背景", "What it is and where it sits"),
    "h.history": ("歷次會議", "History across meetings"),
    "h.positions": ("立場", "Positions"),
    "h.proposals": ("提案", "Proposals"),
    "h.outcome": ("結論", "Outcome"),
    "h.follow-ups": ("後續事項", "Open follow-ups"),
    "h.likely": (
        "若議題再提出：可能支持與反對者",
        "If it returns: likely supporters and opponents",
    ),
    "h.delegates": ("代表與職位", "Delegates and posts"),
    "h.positions-by-issue": ("各議題立場", "Positions by issue"),
    "h.proposals-tabled": ("所提提案", "Proposals tabled"),
    "h.projects": ("主導或連署之計畫", "Projects led or co-sponsored"),
    "h.alignment": ("與各方立場異同", "Alignment with each holder"),
    "alignment.note": (
        "依雙方對同一對象之最後立場計算：立場相同計為一致，支持對反對計為相對，"
        "其餘情形（如棄權、讓步）各計半。",
        "From each side's last stance on each target both took a stance on: the same stance "
        "counts as agreement, support against opposition as disagreement, and anything else "
        "(an abstention, a concession) as half.",
    ),
    "alignment.tallied": (
        "{first}至{last}共{n}場會議之表決僅計入本表，不逐一列於下方。",
        "Votes at {n} meetings ({first} to {last}) are counted in this table only, "
        "not listed pair by pair below.",
    ),
    "alignment.thin": (
        "（n < {n}：證據不足）{total}列中有{k}列之共同對象少於{n}項，不足以顯示陣營。",
        "(n < {n}: too little evidence) {k} of {total} rows rest on fewer than {n} shared "
        "targets: not enough to show a bloc.",
    ),
    "h.agreed": ("立場相同者", "Agreed with"),
    "h.disagreed": ("立場相對者", "Disagreed with"),
    "h.sharing": ("經濟體分享與其他發言", "Economy sharing and other statements"),
    "h.attendance": ("出席", "Attendance"),
    "h.adopted": ("通過文件", "Documents adopted"),
    "h.outcomes-by-item": ("各議程結論", "Outcomes by agenda item"),
    "h.figures": ("報告數據", "Figures reported"),
    "h.project-updates": ("計畫進展", "Project updates"),
    "h.actions": ("後續行動", "Action items"),
    "h.open-issues": ("待處理議題", "Issues left open"),
    "h.questions": ("值得關注的問題", "Questions to watch"),
    "h.sources": ("出處", "Sources"),
    "ctx.parent": ("上層議題", "Parent issue"),
    "ctx.sub-issues": ("子議題", "Sub-issues"),
    "ctx.forum": ("論壇", "Forum"),
    "ctx.documents": ("相關文件", "Documents"),
    "ctx.kfas": ("AIDER關鍵領域", "AIDER key focus areas"),
    "ctx.discussed": ("討論於", "Discussed at"),
    "ctx.sections": ("報告{sections}", "sections {sections}"),
    "mode.virtual": ("線上會議", "virtual"),
    "mode.in-person": ("實體會議", "in person"),
    "mode.hybrid": ("實體與線上混合", "hybrid"),
    "unit.economies": ("{n}個經濟體", "{n} economies"),
    "unit.day": ("{n}天", "{n} day"),
    "unit.days": ("{n}天", "{n} days"),
    "unit.documents": ("{n}份文件", "{n} documents"),
    "unit.concept-notes": ("{n}件", "{n} concept notes"),
    "unit.points": ("{n}項", "{n} points"),
    "unit.key-focus-areas": ("{n}項", "{n} key focus areas"),
    "unit.years": ("{n}年", "{n} years"),
    "unit.meetings": ("{n}場", "{n} meetings"),
    "unit.dialogues": ("{n}場", "{n} dialogues"),
    "col.holder": ("持有者", "Holder"),
    "col.stance": ("立場", "Stance"),
    "col.target": ("對象", "On"),
    "col.speaker": ("發言人", "Speaker"),
    "col.words": ("原文要點", "Key words (quoted)"),
    "col.source": ("出處", "Source"),
    "col.meeting": ("會議", "Meeting"),
    "col.date": ("日期", "Date"),
    "col.outcome": ("結論", "Outcome"),
    "col.proposal": ("提案", "Proposal"),
    "col.by": ("提案者", "Tabled by"),
    "col.backed": ("支持", "Backed by"),
    "col.opposed": ("反對", "Opposed by"),
    "col.conceded": ("讓步", "Conceded by"),
    "col.for": ("支持方", "For"),
    "col.against": ("反對方", "Against"),
    "col.neither": ("未表態或讓步", "Neither side"),
    "col.person": ("姓名", "Name"),
    "col.posts": ("職位", "Posts"),
    "col.statements": ("發言次數", "Statements"),
    "col.project": ("計畫", "Project"),
    "col.role": ("角色", "Role"),
    "col.partners": ("夥伴", "Partners"),
    "col.status": ("狀態", "Status"),
    "col.other": ("對方", "With"),
    "col.their": ("對方立場", "Their stance"),
    "col.both": ("共同對象", "Shared targets"),
    "col.agree": ("立場相同", "Same stance"),
    "col.disagree": ("立場相對", "Opposite sides"),
    "col.score": ("一致度", "Score"),
    "col.mine": ("本方立場", "Own stance"),
    "col.section": ("段落", "Section"),
    "col.figure": ("項目", "Figure"),
    "col.value": ("數值", "Value"),
    "col.actor": ("執行者", "Who"),
    "col.what": ("事項", "What"),
    "col.due": ("期限", "Due"),
    "role.proponent": ("提案者", "proponent"),
    "role.co-sponsor": ("連署", "co-sponsor"),
    "none": ("無紀錄。", "None recorded."),
    "one-meeting": (
        "僅於一次會議討論：{meeting}（{date}）。",
        "Discussed at one meeting: {meeting} ({date}).",
    ),
    "responds": ("回應{who}", "answering {who}"),
    "likely.note": (
        "此為依已記錄立場之推論（各持有者對各對象最後一次表態），並非預測。",
        "An inference from recorded positions (each holder's last stance on each target), not a forecast.",
    ),
    "members.count": (
        "經濟體{economies}個、組織{others}個：",
        "{economies} economies and {others} organisations: ",
    ),
    "reason.no-consensus": ("上次未達共識", "no consensus last time"),
    "reason.deferred": ("延後處理", "deferred"),
    "reason.pending": ("審查中", "pending"),
    "reason.action-due": ("有待辦後續行動", "follow-up action due"),
    "prep.reason": ("列入原因：{reason}。", "Why it is here: {reason}."),
    "prep.latest": ("最近結論：{status}（{meeting}）", "Latest outcome: {status} ({meeting})"),
    "prep.last-stances": ("各方最後立場", "Each holder's last stance"),
    "q.reopen": (
        "「{issue}」上次結論為「{status}」：本次是否再議？",
        "{issue} ended as “{status}”: will it be taken up again?",
    ),
    "q.still-opposed": (
        "{holders}是否仍反對「{subject}」？",
        "Is “{subject}” still opposed by {holders}?",
    ),
    "q.unnamed": (
        "報告未具名反對「{subject}」之會員：是哪些會員？",
        "The report does not name who opposed “{subject}”: who were they?",
    ),
    "q.proposal": ("{holders}是否再提「{subject}」？", "Will {holders} table “{subject}” again?"),
    "q.action": (
        "{holders}是否已完成後續行動「{subject}」？",
        "Follow-up by {holders}: “{subject}” Done?",
    ),
    "sep": ("、", ", "),
    "cite.offsets": ("字元{start}–{end}", "characters {start}–{end}"),
    "cite.section": ("報告{section}", "section {section}"),
    "cite.line": (
        "{where}：「{quote}」{rendering}。{locator}",
        "{where}: 「{quote}」{rendering}. {locator}",
    ),
    "cite.rendering": ("（英譯：“{text}”）", " (“{text}”)"),
}


def ui(lang: str) -> Callable[..., str]:
    """The UI-text lookup for ``lang`` (``zh-Hant`` or ``en``)."""
    index = 0 if lang == "zh-Hant" else 1

    def t(key: str, **values: object) -> str:
        return STRINGS[key][index].format(**values)

    return t
