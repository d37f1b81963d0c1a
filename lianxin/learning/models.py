"""Online learning (线上学习): courses owned by an org node, their ordered lessons, a quiz per
course, and each learner's progress. Study time is credited heartbeat by heartbeat; every
credit is its own row, so the totals of any period are read from those rows."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from lianxin.core.models import BaseModel


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone in the area")
    PARTY_MEMBERS = "party_members", _("Party members only")


class Course(BaseModel):
    """A course (课程), e.g. 党章学习, for the people registered in its node's subtree."""

    node = models.ForeignKey(
        "orgs.OrgNode", on_delete=models.PROTECT, related_name="courses", verbose_name=_("area")
    )
    title = models.CharField(_("title"), max_length=100)
    summary = models.TextField(_("summary"), blank=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.EVERYONE
    )
    pass_mark = models.PositiveSmallIntegerField(_("quiz pass mark (%)"), default=60)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["node__path", "title"]
        constraints = [
            models.UniqueConstraint(fields=["node", "title"], name="course_unique_title_per_node"),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100), name="course_pass_mark"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LessonKind(models.TextChoices):
    TEXT = "text", _("Text")
    PDF = "pdf", _("PDF document")
    AUDIO = "audio", _("Audio")
    VIDEO = "video", _("Video")
    LINK = "link", _("Link")


FILE_KINDS = {LessonKind.PDF, LessonKind.AUDIO, LessonKind.VIDEO}
MEDIA_KINDS = {LessonKind.AUDIO, LessonKind.VIDEO}


class Lesson(BaseModel):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=LessonKind.choices)
    body = models.TextField(_("text"), blank=True)  # sanitised HTML
    file = models.FileField(_("file"), upload_to="learning/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    url = models.URLField(_("link"), blank=True)
    required_seconds = models.PositiveIntegerField(_("required study time (seconds)"), default=300)
    ends_with_media = models.BooleanField(
        _("also complete when the audio or video has played to the end"), default=False
    )

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["course", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="lesson_unique_position"),
            models.CheckConstraint(
                condition=~Q(kind__in=["pdf", "audio", "video"]) | ~Q(file=""),
                name="lesson_file_kinds_have_file",
            ),
            models.CheckConstraint(condition=~Q(kind="link") | ~Q(url=""), name="lesson_link_has_url"),
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.title}"

    @property
    def has_file(self) -> bool:
        return self.kind in FILE_KINDS

    @property
    def is_media(self) -> bool:
        return self.kind in MEDIA_KINDS


class Question(BaseModel):
    """A quiz question: one or several of its choices are correct."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="questions", verbose_name=_("course")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list)  # list of strings
    correct = models.JSONField(_("correct choices"), default=list)  # sorted indexes into choices
    is_multiple = models.BooleanField(_("multiple choice"), default=False)

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["course", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "position"], name="question_unique_position")
        ]

    def __str__(self) -> str:
        return self.text


class Learner(BaseModel):
    """A learner's own settings (PIPL: the leaderboard shows only those who opted in)."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="learner", verbose_name=_("person")
    )
    leaderboard_opt_in = models.BooleanField(_("show me on the leaderboard"), default=False)

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")

    def __str__(self) -> str:
        return str(self.person)


class CourseProgress(BaseModel):
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="progress", verbose_name=_("course")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="course_progress", verbose_name=_("learner")
    )
    best_score = models.PositiveSmallIntegerField(_("best quiz score"), null=True, blank=True)
    passed_at = models.DateTimeField(_("quiz passed"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("course progress")
        verbose_name_plural = _("course progress")
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="courseprogress_unique")]
        indexes = [models.Index(fields=["course", "completed_at"], name="courseprogress_done")]

    def __str__(self) -> str:
        return f"{self.person} · {self.course}"


class LessonProgress(BaseModel):
    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="progress", verbose_name=_("lesson")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="lesson_progress", verbose_name=_("learner")
    )
    credited_seconds = models.PositiveIntegerField(_("study time credited (seconds)"), default=0)
    last_beat_at = models.DateTimeField(null=True, blank=True, editable=False)  # last accepted heartbeat
    media_ended = models.BooleanField(default=False)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["lesson", "person"], name="lessonprogress_unique")]

    def __str__(self) -> str:
        return f"{self.person} · {self.lesson}"


class StudyCredit(models.Model):
    """Study time credited for one accepted heartbeat (never changed afterwards)."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="credits", verbose_name=_("lesson")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="study_credits", verbose_name=_("learner")
    )
    at = models.DateTimeField(_("at"))
    seconds = models.PositiveSmallIntegerField(_("seconds"))
    hours = models.GeneratedField(
        expression=Cast(F("seconds"), models.FloatField()) / 3600.0,
        output_field=models.FloatField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("study time credit")
        verbose_name_plural = _("study time credits")
        ordering = ["at", "id"]
        constraints = [models.CheckConstraint(condition=Q(seconds__gt=0), name="studycredit_positive")]
        indexes = [models.Index(fields=["person", "at"], name="studycredit_person_at")]

    def __str__(self) -> str:
        return f"{self.person} {self.seconds}s"


class QuizAttempt(models.Model):
    """One submitted quiz, with the answers as given and the score computed on the server."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("course")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("learner")
    )
    answers = models.JSONField(_("answers"), default=dict)  # {question id: [choice indexes]}
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["course", "person"], name="quizattempt_course_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.course} {self.score}%"
