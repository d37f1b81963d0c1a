"""Fixed tables of the demo district.

Places and organisations named on the source page (the district, its three subdistricts, the
"1+3" big working committee with its three party committees, the social-work service centre)
keep their names. Communities, villages, units, compounds and every person are invented.

Node codes are stable ASCII slugs: the demo finds what it already built by code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lianxin.orgs.models import MemberCategory, UnitType

DEFAULT_SEED = 20170901

# The "1+3" and "1+4" implementation plans were issued in February (per the page).
CITY_COMMITTEE_JOINED_ON = dt.date(2017, 3, 1)
OTHER_COMMITTEE_JOINED_ON = dt.date(2018, 3, 1)
# Demo people join the party and take up posts within these dates (never in the future).
PARTY_JOINED_LATEST = dt.date(2023, 6, 30)
POSTS_FROM = dt.date(2018, 1, 1)
POSTS_UNTIL = dt.date(2023, 12, 31)

NUMERALS = "零一二三四五六七八九十"

DISTRICT = ("gc", "管城回族区")

# 城东路街道: the "1+3" big working committee with three party committees.
CDL = ("gc-cdl", "城东路街道")
CDL_WORKING_COMMITTEE = ("gc-cdl-wc", "城东路街道大工委")
CDL_ADMIN_COMMITTEE = ("gc-cdl-wc-xz", "行政党委")
CDL_RESIDENTS_COMMITTEE = ("gc-cdl-wc-jm", "居民党委")
CDL_GENERAL_COMMITTEE = ("gc-cdl-wc-zh", "综合党委")
CDL_COMMITTEE_BRANCHES = (
    ("gc-cdl-wc-xz-b01", CDL_ADMIN_COMMITTEE[0], "城东路街道机关党支部"),
    ("gc-cdl-wc-xz-b02", CDL_ADMIN_COMMITTEE[0], "城东路街道城市管理党支部"),
    ("gc-cdl-wc-zh-b01", CDL_GENERAL_COMMITTEE[0], "城东路街道非公企业联合党支部"),
)
# The contracted social-work organisation (C5), under the general party committee.
SOCIAL_WORK_ORG = ("gc-cdl-xjy", "郑州市馨家苑社区服务中心")
SOCIAL_WORK_ORG_ADDRESS = "管城回族区城东路街道东大街社区服务中心二楼"
SOCIAL_WORK_ORG_SERVES = "gc-cdl-c01"  # its party branch sits in that community's big party committee

HHDL = ("gc-hhdl", "航海东路街道")
SBLH = ("gc-sblh", "十八里河街道")
# The party working committee and organ branch of the two other subdistricts.
SUBDISTRICT_PARTY = {
    HHDL[0]: (("gc-hhdl-pc", "航海东路街道党工委"), ("gc-hhdl-pc-b01", "航海东路街道机关党支部")),
    SBLH[0]: (("gc-sblh-pc", "十八里河街道党工委"), ("gc-sblh-pc-b01", "十八里河街道机关党支部")),
}


@dataclass(frozen=True)
class CommunityRow:
    code: str
    name: str
    street: str  # for addresses
    compounds: tuple[str, ...]  # residential compounds (小区/院) the buildings belong to
    units: tuple[tuple[str, str], ...]  # (name, unit type)


_P, _N, _E, _M = UnitType.PUBLIC_UNIT, UnitType.NEW_ORG, UnitType.ENTERPRISE, UnitType.PROPERTY_COMPANY

CDL_COMMUNITIES = (
    CommunityRow(
        "gc-cdl-c01",
        "东大街社区",
        "东大街",
        ("文庙小区", "东大街家属院", "清真寺街小区", "东大街商住楼"),
        (
            ("管城回族区东大街小学", _P),
            ("郑州东大街商贸有限公司", _E),
            ("河南文庙律师事务所", _N),
            ("郑州城东物业服务有限公司", _M),
        ),
    ),
    CommunityRow(
        "gc-cdl-c02",
        "书院街社区",
        "书院街",
        ("书院街小区", "鼎盛花园", "书院雅居"),
        (
            ("书院街社区卫生服务站", _P),
            ("河南书院文化传播有限公司", _E),
            ("郑州书院街个体劳动者协会", _N),
            ("郑州鼎盛物业管理有限公司", _M),
        ),
    ),
    CommunityRow(
        "gc-cdl-c03",
        "城东路社区",
        "城东路",
        ("城东路家属院", "东城花园", "金城小区"),
        (
            ("管城回族区城东路派出所", _P),
            ("郑州东城商业管理有限公司", _E),
            ("河南城东会计师事务所", _N),
            ("郑州金城物业服务有限公司", _M),
        ),
    ),
    CommunityRow(
        "gc-cdl-c04",
        "顺河路社区",
        "顺河路",
        ("顺河小区", "河畔家园", "顺河路宿舍"),
        (
            ("管城回族区顺河路幼儿园", _P),
            ("郑州顺河建材有限公司", _E),
            ("郑州顺河餐饮行业协会", _N),
            ("郑州河畔物业管理有限公司", _M),
        ),
    ),
    CommunityRow(
        "gc-cdl-c05",
        "东关社区",
        "东关大街",
        ("东关新村", "东关小区", "熊儿河家园"),
        (
            ("东关邮政支局", _P),
            ("郑州东关清真食品有限公司", _E),
            ("河南东关法律服务所", _N),
            ("郑州东关物业服务有限公司", _M),
        ),
    ),
    CommunityRow(
        "gc-cdl-c06",
        "北顺城街社区",
        "北顺城街",
        ("顺城小区", "北城家园", "城垣小区"),
        (
            ("管城回族区北顺城街中学", _P),
            ("郑州商城文化旅游有限公司", _E),
            ("郑州顺城商会", _N),
            ("郑州顺城物业管理有限公司", _M),
        ),
    ),
)

# 航海东路街道: communities straight under the subdistrict; key enterprises and property companies.
HHDL_COMMUNITIES = (
    CommunityRow(
        "gc-hhdl-c01",
        "航海东路社区",
        "航海东路",
        ("航海东路小区", "航海新城", "锦华家园"),
        (
            ("管城回族区航海东路小学", _P),
            ("郑州航海汽车配件有限公司", _E),
            ("郑州中原物流园有限公司", _E),
            ("郑州航海物业服务有限公司", _M),
            ("郑州航海东路商会", _N),
        ),
    ),
    CommunityRow(
        "gc-hhdl-c02",
        "港湾路社区",
        "港湾路",
        ("港湾小区", "港湾花园", "东方家园"),
        (
            ("港湾路社区卫生服务站", _P),
            ("河南港湾建材市场有限公司", _E),
            ("郑州港湾物业管理有限公司", _M),
            ("河南港湾律师事务所", _N),
        ),
    ),
    CommunityRow(
        "gc-hhdl-c03",
        "未来路社区",
        "未来路",
        ("未来花园", "未来路家属院", "阳光新城"),
        (
            ("管城回族区未来路幼儿园", _P),
            ("郑州未来电器商贸有限公司", _E),
            ("郑州阳光物业服务有限公司", _M),
            ("郑州未来路个体劳动者协会", _N),
        ),
    ),
)

# 十八里河街道: villages (村), each with grids and party branches.
SBLH_VILLAGES = (
    ("gc-sblh-v01", "十八里河村"),
    ("gc-sblh-v02", "南曹村"),
    ("gc-sblh-v03", "刘湾村"),
    ("gc-sblh-v04", "曹古寺村"),
    ("gc-sblh-v05", "孙庄村"),
)
VILLAGE_UNITS = {
    "gc-sblh-v01": (("郑州十八里河建材市场有限公司", _E),),
    "gc-sblh-v02": (("郑州南曹物流有限公司", _E),),
}

# Which "1+4" category a unit's party organisation joins the community big party committee as.
# Non-public enterprises are "two new" organisations; property-company branches are run as
# community party organisations ("red property management").
UNIT_CATEGORY: dict[str, str] = {
    UnitType.PUBLIC_UNIT: MemberCategory.PUBLIC_UNIT,
    UnitType.NEW_ORG: MemberCategory.NEW_ORG,
    UnitType.ENTERPRISE: MemberCategory.NEW_ORG,
    UnitType.PROPERTY_COMPANY: MemberCategory.COMMUNITY_ORG,
    UnitType.SOCIAL_WORK_ORG: MemberCategory.NEW_ORG,
}

# Grid cells: every grid gets its own rectangle in a lattice over the old city; each
# subdistrict owns a band of rows (north to south: 城东路, 航海东路, 十八里河).
LATTICE_WEST, LATTICE_SOUTH = 113.680, 34.740
CELL_WIDTH, CELL_HEIGHT = 0.004, 0.0025
LATTICE_COLUMNS = 10
BAND_FIRST_ROW = {SBLH[0]: 0, HHDL[0]: 3, CDL[0]: 5}
BAND_ROWS = {SBLH[0]: 3, HHDL[0]: 2, CDL[0]: 3}
CELL_GAP = 0.0002  # between neighbouring grids
POINT_MARGIN = 0.0004  # buildings keep this far from their grid's edge
