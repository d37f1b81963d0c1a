"""Invented identities: names, valid resident ID numbers and mobile numbers, all from one seeded RNG."""

from __future__ import annotations

import datetime as dt
import random

from lianxin.core.pii import id_number_is_valid
from lianxin.people.models import Gender

# Surnames (with the Hui surnames common in the district weighted in) and given-name characters.
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "马白海沙穆哈米马白金"
)
MALE_GIVEN = "伟强军磊洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆建国志文海东峰林永新春立成"
FEMALE_GIVEN = "芳娜敏静丽艳娟霞秀玲桂英红梅兰琳雪燕萍婷慧玉洁倩颖晶瑶雅璐琴月凤荣"
# Mainland resident ID area codes: mostly Guancheng Hui District, some elsewhere in Henan.
ID_AREAS = ("410104",) * 6 + ("410102", "410103", "410105", "410122", "410181", "410184", "411102")
PHONE_PREFIXES = ("135", "136", "137", "138", "139", "150", "151", "152", "158", "159", "166", "177", "186")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

BORN_EARLIEST = dt.date(1946, 1, 1)
BORN_LATEST = dt.date(2002, 12, 31)


def id_check_digit(body: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return _ID_CHECK[sum(int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def random_date(rng: random.Random, earliest: dt.date, latest: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(earliest.toordinal(), latest.toordinal()))


class Identities:
    """Hands out names, ID numbers and phone numbers, none of them twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._names: set[str] = set()
        self._ids: set[str] = set()
        self._phones: set[str] = set()

    def gender(self) -> str:
        return self.rng.choice((Gender.MALE, Gender.FEMALE))

    def name(self, gender: str) -> str:
        pool = MALE_GIVEN if gender == Gender.MALE else FEMALE_GIVEN
        while True:
            size = 2 if self.rng.random() < 0.7 else 1
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choice(pool) for _ in range(size))
            if name not in self._names:
                self._names.add(name)
                return name

    def born(self) -> dt.date:
        return random_date(self.rng, BORN_EARLIEST, BORN_LATEST)

    def id_number(self, gender: str, born: dt.date) -> str:
        """18 characters: area, birth date, a sequence whose last digit is odd for men, check digit."""
        while True:
            half = self.rng.randrange(1, 500)
            sequence = 2 * half - 1 if gender == Gender.MALE else 2 * half
            body = f"{self.rng.choice(ID_AREAS)}{born:%Y%m%d}{sequence:03d}"
            number = body + id_check_digit(body)
            if number not in self._ids:
                assert id_number_is_valid(number)
                self._ids.add(number)
                return number

    def phone(self) -> str:
        while True:
            number = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number


def unused_identity(seed: str) -> tuple[str, str, str, str]:
    """(name, gender, ID number, phone) of an invented person, the same for the same ``seed``,
    with an ID number nobody in the database has yet."""
    from lianxin.core.pii import keyed_hash
    from lianxin.people.models import Person

    ids = Identities(random.Random(seed))
    while True:
        gender = ids.gender()
        number = ids.id_number(gender, ids.born())
        if not Person.objects.filter(id_number_hash=keyed_hash(number)).exists():
            return ids.name(gender), gender, number, ids.phone()
