from django.contrib import admin

from lianxin.learning.models import Course, Lesson, Question


class LessonInline(admin.TabularInline[Lesson, Course]):
    model = Lesson
    fields = ("position", "title", "kind", "required_seconds")
    extra = 0


class QuestionInline(admin.TabularInline[Question, Course]):
    model = Question
    fields = ("position", "text", "choices", "correct")
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ("title", "node", "audience", "is_published")
    list_filter = ("audience", "is_published")
    search_fields = ("title",)
    inlines = (LessonInline, QuestionInline)
