"""Sensible defaults: a two-level category taxonomy and the time limits per type.
Both are edited in the admin afterwards; this migration only seeds them (and takes back
exactly what it seeded)."""

from django.db import migrations

CATEGORIES = [
    (
        "city",
        "市容环境",
        "垃圾 卫生 环境 脏乱",
        [
            ("city-garbage", "垃圾清运", "垃圾 清运 堆放 垃圾桶 异味"),
            ("city-vendors", "占道经营", "占道 摆摊 流动摊贩 门前"),
            ("city-ads", "乱贴乱画", "小广告 乱贴 涂鸦"),
            ("city-dust", "工地扬尘", "扬尘 工地 渣土 防尘网"),
        ],
    ),
    (
        "facility",
        "公用设施",
        "设施 损坏 维修",
        [
            ("facility-lights", "路灯照明", "路灯 不亮 照明"),
            ("facility-roads", "道路破损", "道路 坑洼 破损 井盖"),
            ("facility-water", "供水排水", "停水 漏水 下水道 堵塞 积水"),
            ("facility-heating", "供暖供气", "暖气 不热 燃气 供暖"),
        ],
    ),
    (
        "property",
        "物业管理",
        "物业 小区",
        [
            ("property-service", "物业服务", "物业 服务 保洁 保安"),
            ("property-elevator", "电梯故障", "电梯 故障 困人"),
            ("property-parking", "小区停车", "停车 车位 乱停"),
            ("property-fees", "物业收费", "物业费 收费 乱收费"),
        ],
    ),
    (
        "safety",
        "安全隐患",
        "安全 隐患 危险",
        [
            ("safety-fire", "消防隐患", "消防 通道 堵塞 灭火器 火灾"),
            ("safety-ebike", "电动车违规充电", "电动车 充电 飞线 楼道"),
            ("safety-wiring", "线路老化", "线路 老化 电线 漏电"),
            ("safety-appliances", "违规使用大功率电器", "大功率 电器 跳闸"),
            ("safety-structure", "房屋安全", "危房 裂缝 坠落 高空"),
        ],
    ),
    (
        "dispute",
        "邻里纠纷",
        "纠纷 矛盾",
        [
            ("dispute-noise", "噪音扰民", "噪音 扰民 装修 广场舞"),
            ("dispute-neighbours", "邻里矛盾", "邻居 矛盾 漏水 占用"),
        ],
    ),
    (
        "welfare",
        "社会保障",
        "保障 救助 补贴",
        [
            ("welfare-pension", "养老服务", "养老 老人 高龄 补贴"),
            ("welfare-medical", "医疗保险", "医保 报销 医疗"),
            ("welfare-relief", "困难救助", "低保 救助 困难 残疾"),
            ("welfare-jobs", "就业创业", "就业 失业 培训 创业"),
        ],
    ),
    (
        "policy",
        "政策咨询",
        "政策 规定 办理",
        [
            ("policy-general", "政策解读", "政策 规定 解读 文件"),
            ("policy-papers", "证明开具", "证明 开具 盖章 户籍"),
        ],
    ),
]

# case_type: (handle within working days); acceptance 2 working hours, urgent 4 working hours.
LIMITS = {"consultation": 2, "help": 10, "suggestion": 10, "complaint": 15, "report": 15, "service": 5}


def seed(apps, schema_editor):
    Category = apps.get_model("casework", "Category")
    TimeLimit = apps.get_model("casework", "TimeLimit")
    for order, (code, name, keywords, children) in enumerate(CATEGORIES):
        parent, _ = Category.objects.get_or_create(
            code=code, defaults={"name": name, "keywords": keywords, "sort": order * 10}
        )
        for child_order, (child_code, child_name, child_keywords) in enumerate(children):
            Category.objects.get_or_create(
                code=child_code,
                defaults={
                    "name": child_name,
                    "keywords": child_keywords,
                    "parent": parent,
                    "sort": child_order,
                },
            )
    for case_type, days in LIMITS.items():
        TimeLimit.objects.get_or_create(
            case_type=case_type,
            category=None,
            defaults={"accept_hours": 2, "handle_days": days, "urgent_hours": 4},
        )


def unseed(apps, schema_editor):
    Category = apps.get_model("casework", "Category")
    TimeLimit = apps.get_model("casework", "TimeLimit")
    TimeLimit.objects.filter(category=None, case_type__in=list(LIMITS)).delete()
    children = [code for _c, _n, _k, kids in CATEGORIES for code, _name, _kw in kids]
    Category.objects.filter(code__in=children).delete()
    Category.objects.filter(code__in=[code for code, *_ in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
