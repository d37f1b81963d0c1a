"""The roster's columns: their titles in the sheet and what the template says about each."""

from __future__ import annotations

from lianxin.people.models import PERSON_FLAGS, Gender

# (PersonInput field, column title in the sheet), in template order.
ROSTER_COLUMNS: list[tuple[str, str]] = [
    ("name", "姓名"),
    ("gender", "性别"),
    ("phone", "手机号"),
    ("id_number", "身份证号"),
    ("address", "住址"),
    ("node", "登记地点"),
    ("is_resident", "居民"),
    ("is_party_member", "党员"),
    ("party_branch", "所在党支部"),
    ("party_joined_on", "入党日期"),
    ("is_in_service_member", "在职党员"),
    ("employer", "工作单位"),
    ("is_volunteer", "志愿者"),
    ("is_activist", "积极分子"),
    ("is_party_rep", "党代表"),
    ("is_community_worker", "社区工作者"),
]
REQUIRED_COLUMNS = ("name",)
COLUMN_TITLE: dict[str, str] = dict(ROSTER_COLUMNS)
COLUMN_FIELD: dict[str, str] = {title: name for name, title in ROSTER_COLUMNS}
COLUMN_ORDER: dict[str, int] = {name: index for index, (name, _title) in enumerate(ROSTER_COLUMNS)}

BOOL_FIELDS = PERSON_FLAGS
GENDER_OF_CELL: dict[str, str] = {"男": Gender.MALE, "女": Gender.FEMALE, "未知": Gender.UNKNOWN}
CELL_OF_GENDER: dict[str, str] = {value: text for text, value in GENDER_OF_CELL.items()}
TRUE_CELLS = frozenset({"是", "Y", "YES", "1", "TRUE"})
FALSE_CELLS = frozenset({"否", "N", "NO", "0", "FALSE"})

ROSTER_SHEET = "花名册"
HELP_SHEET = "填写说明"
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"

WIDTHS: dict[str, int] = {
    "name": 12,
    "gender": 8,
    "phone": 16,
    "id_number": 22,
    "address": 30,
    "node": 22,
    "party_branch": 22,
    "party_joined_on": 12,
    "employer": 22,
}
# field → (required or not, how to fill it in), as the help sheet shows them.
HELP: dict[str, tuple[str, str]] = {
    "name": ("必填", "最多 50 个字。"),
    "gender": ("选填", "男、女或未知；留空视为未知。"),
    "phone": ("选填", "11 位手机号或座机号（如 0371-12345678）。请按文本填写。家人可共用同一号码。"),
    "id_number": (
        "选填",
        "18 位居民身份证号，末位可以是 X。请按文本填写，否则 Excel 会把号码改成科学计数法并丢失末几位。"
        "已登记过的身份证号不能再导入，同一文件中也不能重复。",
    ),
    "address": ("选填", "最多 200 个字。"),
    "node": (
        "选填",
        "导入位置之下的社区、村、网格、楼栋或单位的名称；留空表示登记在导入位置本身。"
        "名称有重名时，用“/”写出上级，如“第一网格/1号楼”。",
    ),
    "is_resident": ("选填", "是或否；留空视为“是”。"),
    "is_party_member": ("选填", "是或否；留空视为“否”。"),
    "party_branch": (
        "选填",
        "党员所在党支部（也可以是党总支或党委）的名称，在导入位置所属街道范围内查找。仅党员填写。",
    ),
    "party_joined_on": (
        "选填",
        "日期格式，或按 YYYY-MM-DD 填写的文本，如 2001-07-01。仅党员填写，不能晚于今天。",
    ),
    "is_in_service_member": ("选填", "是或否；留空视为“否”。仅党员可填“是”，填“是”时必须填写工作单位。"),
    "employer": ("选填", "工作单位名称，在导入位置所属街道范围内查找。"),
    "is_volunteer": ("选填", "是或否；留空视为“否”。"),
    "is_activist": ("选填", "是或否；留空视为“否”。"),
    "is_party_rep": ("选填", "是或否；留空视为“否”。"),
    "is_community_worker": ("选填", "是或否；留空视为“否”。"),
}
