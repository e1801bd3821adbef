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
    "col.both": ("共同對象數", "Shared targets (n)"),
    "col.targets": ("共同對象", "Which targets"),
    "col.agree": ("立場相同", "Same stance"),
    "col.disagree": ("立場相對", "Opposite sides"),
    "col.score": ("一致度", "Score"),
    "col.mine": ("本方立場", "Own stance"),
    "col.section": ("段落", "Section"),
    "col.figure": ("項目", "Figure"),
    "col.as-written": ("原文（數值與單位照錄）", "As the report writes it"),
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
    "prep.title-next": ("下次會議準備資料：{next}", "Preparing for {next}"),
    "prep.latest": ("{meeting}（{date}）{status}", "{status} at {meeting} ({date})"),
    "prep.action-due": ("有後續行動到期", "a follow-up action falls due"),
    "prep.last-stances": ("各方最後立場：{issue}", "Each holder's last stance: {issue}"),
    "prep.our-proposal": ("我方提案：{name}", "Our proposal: {name}"),
    "prep.ours": ("{target}——我方最後立場：{stance}", "{target}. Our last position: {stance}"),
    "prep.no-others": ("紀錄中無他方對此表態。", "No other holder took a stance on it on record."),
    "prep.point-ours": ("推動我方提案「{target}」{ref}", "Carry our proposal “{target}” {ref}"),
    "prep.point-backed": ("，已獲{holders}支持", ", backed by {holders}"),
    "prep.point-theirs": (
        "續挺{holders}所提「{target}」{ref}",
        "Keep backing “{target}” ({holders}) {ref}",
    ),
    "prep.point-issue": ("重申我方立場（{stance}） {ref}", "Restate our stance ({stance}) {ref}"),
    "prep.with-us": ("與我方同一立場（{n}）", "With us ({n})"),
    "prep.against-us": ("與我方相對（{n}）", "Against us ({n})"),
    "prep.undecided": ("未表態，值得爭取（{n}）", "Undecided, worth lobbying ({n})"),
    "prep.points": ("談話要點（我方先前發言）：", "Talking points (our own earlier words):"),
    "prep.point": (
        "重申我方於{meeting}所言：{words}",
        "Restate what we said at {meeting}: {words}",
    ),
    "h.our-side": ("{holder}立場與各方", "Where {holder} stands, and who stands with it"),
    "h.ask": ("可詢問他方之問題", "Questions to ask the others"),
    "h.due": ("到期之後續行動", "Actions falling due"),
    "q.reopen": (
        "「{issue}」上次結論為「{status}」：本次是否再議？",
        "{issue} ended as “{status}”: will it be taken up again?",
    ),
    "q.still-opposed": (
        "「{issue}」：{holders}上次反對，何種調整可使其接受？",
        "{issue}: {holders} opposed last time; what change would they accept?",
    ),
    "q.ask-opposed": (
        "請教{holders}：對「{subject}」之顧慮為何，何種調整可使其接受？",
        "Ask {holders} what concern lies behind its position on “{subject}”, and what would "
        "meet it.",
    ),
    "q.ask-undecided": (
        "請教{holders}：能否支持「{subject}」？",
        "Ask {holders} whether it can support “{subject}”.",
    ),
    "q.unnamed": (
        "報告未具名反對「{subject}」之會員：是哪些會員？",
        "The report does not name who opposed “{subject}”: who were they?",
    ),
    "sep": ("、", ", "),
    "cite.offsets": ("字元{start}–{end}", "characters {start}–{end}"),
    "cite.section": ("報告{section}", "section {section}"),
    "cite.end": ("。", ". "),
    "cite.quote": ("「{quote}」{rendering}。", "「{quote}」{rendering}. "),
    "cite.rendering": ("（英譯：“{text}”）", " (“{text}”)"),
    "quote.again": ("（引文見前）", "(quoted above)"),
    "qualification": ("（{kind}：{quote}）", "({kind}: {quote})"),
    "qual.acknowledges": ("但先肯定", "while acknowledging"),
    "qual.condition": ("附條件", "on condition"),
    "qual.in-principle": ("原則上", "in principle"),
    "qual.reservation": ("保留", "with a reservation"),
    "h.summary": ("重點摘要", "Bottom line"),
    "h.annexes": ("附件", "Annexes"),
    "page": ("第 {page} 頁", "Page {page}"),
    "meta.marking": ("處理註記", "Handling"),
    "meta.prepared": ("製作日期", "Prepared"),
    "meta.as-of": ("資料截至", "Record as of"),
    "meta.next": ("下次會議", "Next meeting"),
    "meta.as": ("立場", "Written for"),
    "changes.title": ("會議間變化：{since}之後至{until}", "What changed after {since}, to {until}"),
    "changes.sum": (
        "新議題{issues}項；立場改變{moved}處；結論改變{outcomes}項；後續行動已有結論{closed}項、"
        "逾期{overdue}項。",
        "New issues: {issues}; stances moved: {moved}; outcomes changed: {outcomes}; "
        "actions closed: {closed}, overdue: {overdue}.",
    ),
    "changes.sum-moved": ("立場改變：{items}。", "Moved: {items}."),
    "h.new-issues": ("新議題", "New issues"),
    "h.moved": ("立場改變", "Stances that moved"),
    "h.outcomes-changed": ("結論改變", "Outcomes that changed"),
    "h.closed": (
        "已有結論之後續行動（其對象於期間內有結論）",
        "Actions closed (their target has an outcome since)",
    ),
    "h.overdue": (
        "逾期之後續行動（期限已過且無結論）",
        "Actions overdue (due date passed, no outcome)",
    ),
    "col.before": ("之前", "Before"),
    "col.after": ("之後", "After"),
    "status.pending": ("尚無定論，待續議", "pending, to be taken up again"),
    "sum.semi": ("；", "; "),
    "sum.for": ("支持或提出（{n}）", "for ({n})"),
    "sum.against": ("反對（{n}）", "against ({n})"),
    "sum.conceded": ("讓步（{n}）", "conceded ({n})"),
    "sum.undecided": ("未表態或保留（{n}）", "no position or reserved ({n})"),
    "sum.unnamed-against": ("另有未具名會員反對 {refs}", "unnamed members against {refs}"),
    "sum.sides": ("各方：{sides}。", "Who stands where: {sides}."),
    "sum.with-us": ("與我方同一立場：{sides}。", "With us: {sides}."),
    "sum.against-us": ("與我方相對：{sides}。", "Against us: {sides}."),
    "sum.no-against": ("紀錄中無人反對我方立場。", "No one on record opposed our positions."),
    "sum.lobby": ("未表態、值得爭取：{items}。", "Undecided, worth lobbying: {items}."),
    "sum.issue-stake": (
        "所涉：{where}；相關文件：{documents}。",
        "At stake: part of {where}; documents: {documents}.",
    ),
    "sum.outcome": (
        "現況：{meeting}（{date}）{status}：{words}。",
        "Where it stands: {status} at {meeting} ({date}): {words}.",
    ),
    "sum.no-outcome": ("現況：尚無結論紀錄。", "Where it stands: no outcome recorded."),
    "sum.next": ("後續：{items}。", "Next: {items}."),
    "sum.no-next": ("後續：無後續行動紀錄。", "Next: no follow-up recorded."),
    "sum.action": ("{who}{what}{due} {ref}", "{who}: {what}{due} {ref}"),
    "sum.due": ("（期限{due}）", " (due {due})"),
    "sum.more": ("等，另{n}項", ", and {n} more"),
    "sum.qualified": ("留意立場之保留：{items}。", "Watch the qualified positions: {items}."),
    "sum.watch-open": (
        "留意：議題仍待處理，下次會議可能再議。",
        "Watch: the issue is open and may return at the next meeting.",
    ),
    "sum.watch-proposals": (
        "受反對且提案者未讓步之提案：{items}。",
        " Proposals opposed and not conceded by their proposer: {items}.",
    ),
    "sum.watch-returns": (
        "留意：已有結論；若再提出，紀錄中之反對者為{holders}。",
        "Watch: settled; if it returns, those on record against were {holders}.",
    ),
    "sum.watch-settled": (
        "留意：已有結論，紀錄中無待決提案。",
        "Watch: settled; no proposal left pending on record.",
    ),
    "sum.watch-issues": ("留意：仍待處理之議題：{items}。", "Watch: issues left open: {items}."),
    "sum.watch-opposed": ("留意：仍持反對立場者：{items}。", "Watch: still opposed: {items}."),
    "sum.economy-stake": (
        "{holder}：於{meetings}表態{n}次，涉及{k}項議題。",
        "{holder}: {n} positions on {k} issues at {meetings}.",
    ),
    "sum.economy-sides": ("立場：{sides}。", "Where it stands: {sides}."),
    "sum.meeting-stake": (
        "{meeting}（{date}），主席{chair}；經濟體{economies}個、組織{others}個出席。",
        "{meeting} ({date}), chaired by {chair}; {economies} economies and {others} "
        "organisations attended.",
    ),
    "sum.adopted": ("通過：{items}。", "Adopted: {items}."),
    "sum.outcomes": ("結論{n}項（{counts}）。", "{n} outcomes ({counts})."),
    "sum.positions": ("立場{n}則，來自{k}個持有者。", "{n} positions from {k} holders."),
    "sum.prep-stake": (
        "{next}{date}：待處理議題{n}項：{items}。",
        "{next}{date}: {n} open items: {items}.",
    ),
    "sum.next-meeting": ("下次會議", "Next meeting"),
    "sum.ours": ("我方提案{n}項：{items}。", "Our proposals ({n}): {items}."),
    "sum.evidence-thin": (
        "陣營：證據不足；{holder}與任一持有者之共同對象均少於{n}項（最多{most}項，與{other}）。",
        "Blocs: too little evidence; {holder} shares fewer than {n} targets with any holder "
        "(most: {most}, with {other}).",
    ),
    "sum.evidence-closest": (
        "最接近：{other}（共同對象{both}項：{targets}）。",
        "Closest: {other} ({both} shared targets: {targets}).",
    ),
}


def ui(lang: str) -> Callable[..., str]:
    """The UI-text lookup for ``lang`` (``zh-Hant`` or ``en``)."""
    index = 0 if lang == "zh-Hant" else 1

    def t(key: str, **values: object) -> str:
        return STRINGS[key][index].format(**values)

    return t
