"""The demo's online learning for 城东路街道: a course on party knowledge (党章学习, four text
lessons and a five-question quiz, 60 % passes) for party members, and one on fire safety
(消防安全知识: a text lesson, a PDF made here with ReportLab, and a link) for everyone.

The courses and their lessons are written through the services as the superuser. The learners
are the demo party members of 城东路 at different stages: some completed, some half way, some
not started; a few opted in to the leaderboard; the ``party_member`` log-in is half way through
the party course. Their progress is written in bulk (study credits, lesson and course progress,
quiz attempts), keeping the invariants the services keep: the credited time of a lesson is the
sum of its credits, and a course is complete only with every lesson done and the quiz passed.
Found by natural keys (a course by its area and title, progress by course and learner), so a
second build creates nothing; dates are counted from today.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from reportlab.lib.pagesizes import A5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from lianxin.core.roles import Role
from lianxin.core.tree import subtree_q
from lianxin.learning import services
from lianxin.learning.models import (
    Audience,
    Course,
    CourseProgress,
    Learner,
    Lesson,
    LessonProgress,
    QuizAttempt,
    StudyCredit,
)
from lianxin.orgs.models import OrgNode
from lianxin.people.models import Person, User

AREA = "gc-cdl"
LEARNERS = 24
PARTY = "党的基本知识（党章学习）"
FIRE = "消防安全知识"
PARTY_LESSONS = (
    (
        "党的性质和宗旨",
        "<p>中国共产党是中国工人阶级的先锋队，同时是中国人民和中华民族的先锋队，是中国特色社会主义事业的领导核心。</p><p>党的根本宗旨是<strong>全心全意为人民服务</strong>。</p>",
    ),
    (
        "党的指导思想",
        "<p>中国共产党以马克思列宁主义、毛泽东思想、邓小平理论、“三个代表”重要思想、科学发展观、习近平新时代中国特色社会主义思想作为自己的行动指南。</p>",
    ),
    (
        "党员的义务和权利",
        "<p>党员必须认真学习党的理论，贯彻执行党的基本路线和各项方针、政策，坚持党和人民的利益高于一切。</p><ul><li>参加党的有关会议</li><li>在党的会议上参加讨论</li><li>行使表决权、选举权</li></ul>",
    ),
    (
        "党的组织制度和纪律",
        "<p>党是根据自己的纲领和章程，按照民主集中制组织起来的统一整体。</p><p>党的纪律主要包括政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律。</p>",
    ),
)
PARTY_QUIZ = (
    ("党的根本宗旨是什么？", ["全心全意为人民服务", "发展经济", "维护稳定"], [0]),
    ("党的最高理想和最终目标是？", ["实现共产主义", "全面建成小康社会", "实现现代化"], [0]),
    ("党的组织原则是？", ["民主集中制", "集体领导", "个人负责"], [0]),
    ("以下哪些属于党的纪律？（多选）", ["政治纪律", "组织纪律", "群众纪律", "生活随意"], [0, 1, 2]),
    ("党员享有哪些权利？（多选）", ["参加党的有关会议", "行使表决权、选举权", "不参加组织生活"], [0, 1]),
)
FIRE_TEXT = (
    "<h3>家庭火灾预防</h3><ul><li>不乱拉乱接电线，不超负荷用电。</li><li>做饭时人不离开厨房。</li>"
    "<li>楼道内不堆放杂物，保持疏散通道畅通。</li></ul><p>发现火情，立即拨打<strong>119</strong>。</p>"
)
PDF_LINES = (
    "电动自行车安全充电指南",
    "一、严禁将电动自行车停放在楼道、安全出口。",
    "二、严禁私拉电线“飞线充电”。",
    "三、使用原厂充电器，充满后及时断电。",
    "四、充电时间不宜超过8小时，避免夜间无人看管充电。",
    "五、发现电池鼓包、异味，立即停止使用。",
)


def fire_pdf() -> bytes:
    """A one-page PDF guide in Chinese (ReportLab's built-in CJK font, no font file needed)."""
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    data = io.BytesIO()
    page = canvas.Canvas(data, pagesize=A5)
    page.setTitle("电动自行车安全充电指南")
    y = 540
    for n, line in enumerate(PDF_LINES):
        page.setFont("STSong-Light", 16 if n == 0 else 11)
        page.drawString(40, y, line)
        y -= 36 if n == 0 else 24
    page.showPage()
    page.save()
    return data.getvalue()


def _course(admin: User, area: OrgNode, title: str, audience: str, summary: str) -> tuple[Course, bool]:
    found = Course.objects.filter(node=area, title=title).first()
    if found is not None:
        return found, False
    data = services.CourseInput(title=title, summary=summary, audience=audience, pass_mark=60)
    return services.course_create(actor=admin, node=area, data=data), True


def _publish(admin: User, course: Course) -> None:
    data = services.CourseInput(
        title=course.title,
        summary=course.summary,
        audience=course.audience,
        pass_mark=course.pass_mark,
        is_published=True,
    )
    services.course_update(actor=admin, course=course, data=data)


def _party_course(admin: User, area: OrgNode) -> tuple[Course, int]:
    summary = "系统学习党章，掌握党的基本知识。学完全部课时并通过测验（60分及格）即完成本课程。"
    course, made = _course(admin, area, PARTY, Audience.PARTY_MEMBERS, summary)
    if not made:
        return course, 0
    for title, body in PARTY_LESSONS:
        services.lesson_add(
            actor=admin,
            course=course,
            data=services.LessonInput(title=title, kind="text", required_seconds=300, body=body),
        )
    for text, choices, correct in PARTY_QUIZ:
        services.question_add(
            actor=admin,
            course=course,
            data=services.QuestionInput(text=text, choices=choices, correct=correct),
        )
    _publish(admin, course)
    return course, 1 + len(PARTY_LESSONS) + len(PARTY_QUIZ)


def _fire_course(admin: User, area: OrgNode) -> tuple[Course, int]:
    summary = "家庭防火、电动自行车安全充电和火场逃生常识，面向辖区全体居民。"
    course, made = _course(admin, area, FIRE, Audience.EVERYONE, summary)
    if not made:
        return course, 0
    lessons = (
        services.LessonInput(title="家庭火灾预防", kind="text", required_seconds=240, body=FIRE_TEXT),
        services.LessonInput(
            title="电动自行车安全充电指南（PDF）",
            kind="pdf",
            required_seconds=300,
            file=SimpleUploadedFile("ebike-charging.pdf", fire_pdf(), content_type="application/pdf"),
        ),
        services.LessonInput(
            title="国家消防救援局：消防科普", kind="link", required_seconds=120, url="https://www.119.gov.cn/"
        ),
    )
    for data in lessons:
        services.lesson_add(actor=admin, course=course, data=data)
    _publish(admin, course)
    return course, 1 + len(lessons)


def _learners(area: OrgNode) -> list[Person]:
    """The party_member log-in first, then other party members of 城东路 with a stable order."""
    members = Person.objects.filter(subtree_q(area.path, field="node__path"), is_party_member=True).order_by(
        "pk"
    )
    login = members.filter(user__username=Role.PARTY_MEMBER.value).first()
    others = list(members.exclude(pk=login.pk if login else 0)[: LEARNERS - 1])
    return ([login] if login else []) + others


class _Rows:
    def __init__(self) -> None:
        self.credits: list[StudyCredit] = []
        self.lessons: list[LessonProgress] = []
        self.attempts: list[QuizAttempt] = []

    def study(self, person: Person, lesson: Lesson, at: dt.datetime, seconds: int) -> None:
        done = at if seconds >= lesson.required_seconds else None
        self.credits.append(StudyCredit(lesson=lesson, person=person, at=at, seconds=seconds))
        self.lessons.append(
            LessonProgress(
                lesson=lesson, person=person, credited_seconds=seconds, completed_at=done, created_at=at
            )
        )


def _progress(
    course: Course, person: Person, stage: str, start: dt.datetime, rows: _Rows, answers: list[list[int]]
) -> CourseProgress | None:
    """stage: done (every lesson and the quiz), half (about half the lessons), none (not started)."""
    if stage == "none":
        return None
    lessons = list(course.lessons.order_by("position"))
    count = len(lessons) if stage == "done" else len(lessons) // 2
    at = start
    for lesson in lessons[:count]:
        rows.study(person, lesson, at, lesson.required_seconds + 30)
        at += dt.timedelta(days=1, minutes=17)
    if stage == "half":
        rows.study(person, lessons[count], at, lessons[count].required_seconds // 2)  # the next one under way
        return CourseProgress(course=course, person=person, created_at=start)
    questions = list(course.questions.order_by("position"))
    progress = CourseProgress(course=course, person=person, created_at=start, completed_at=at)
    if questions:
        right = sum(1 for q, a in zip(questions, answers, strict=False) if a == q.correct)
        score = right * 100 // len(questions)
        rows.attempts.append(
            QuizAttempt(
                course=course,
                person=person,
                answers={str(q.pk): a for q, a in zip(questions, answers, strict=False)},
                score=score,
                passed=score >= course.pass_mark,
                submitted_at=at,
            )
        )
        progress.best_score, progress.passed_at = score, at
    return progress


def build_learning(admin: User) -> int:
    """Create the missing courses and learners' progress; returns how many records were created."""
    area = OrgNode.objects.get(code=AREA)
    party, created = _party_course(admin, area)
    fire, made = _fire_course(admin, area)
    created += made
    now = timezone.now()
    rows, progress = _Rows(), []
    started = set(
        CourseProgress.objects.filter(course__in=[party, fire]).values_list("course_id", "person_id")
    )
    good = [list(q.correct) for q in party.questions.order_by("position")]
    for index, person in enumerate(_learners(area)):
        party_stage = "half" if index == 0 else ("done", "half", "none", "done", "half", "done")[index % 6]
        fire_stage = ("done", "none", "half", "done")[index % 4]
        start = now - dt.timedelta(days=40 - index, hours=index % 5)
        answers = good if index % 3 else [*good[:3], [0], [0]]  # some get the multiple-choice ones wrong
        for course, stage in ((party, party_stage), (fire, fire_stage)):
            if (course.pk, person.pk) in started:
                continue
            row = _progress(course, person, stage, start, rows, answers)
            if row is not None:
                progress.append(row)
        if index % 5 == 0 and not Learner.objects.filter(person=person).exists():
            Learner.objects.create(person=person, leaderboard_opt_in=True)
            created += 1
    StudyCredit.objects.bulk_create(rows.credits)
    LessonProgress.objects.bulk_create(rows.lessons)
    QuizAttempt.objects.bulk_create(rows.attempts)
    CourseProgress.objects.bulk_create(progress)
    return created + len(rows.credits) + len(rows.lessons) + len(rows.attempts) + len(progress)
