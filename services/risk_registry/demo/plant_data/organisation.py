"""The enterprise, its org tree (department → team → post) and its people with their duties."""

from __future__ import annotations

ENTERPRISE = {
    "name": "宁波镇海某化工有限公司",
    "credit_code": "91330211MA2H4K7U1N",
    "industry": "危化",
    "hazchem_code": "330212046",
}

DEPARTMENTS = [
    {
        "name": "生产部",
        "posts": ["生产部经理", "生产调度", "工艺技术员"],
        "teams": [
            {"name": "氢化班", "posts": ["氢化岗位操作工"]},
            {"name": "氧化萃取班", "posts": ["氧化岗位操作工", "萃取岗位操作工"]},
            {"name": "后处理班", "posts": ["后处理岗位操作工", "浓缩岗位操作工", "工作液配制岗位操作工"]},
            {"name": "制氢班", "posts": ["制氢岗位操作工"]},
            {"name": "中控班", "posts": ["中控DCS操作员"]},
        ],
    },
    {
        "name": "储运部",
        "posts": ["储运部经理", "仓库保管员"],
        "teams": [{"name": "罐区班", "posts": ["罐区操作工"]}, {"name": "装卸班", "posts": ["装卸操作工"]}],
    },
    {
        "name": "设备部",
        "posts": ["设备部经理", "设备管理员"],
        "teams": [
            {"name": "机修班", "posts": ["机修钳工", "起重工"]},
            {"name": "电仪班", "posts": ["仪表维修工", "维修电工"]},
        ],
    },
    {"name": "安全环保部", "posts": ["安全环保部经理", "安全管理员", "消防气防员"], "teams": []},
    {
        "name": "公用工程部",
        "posts": ["公用工程部经理"],
        "teams": [
            {"name": "空压循环水班", "posts": ["空压站操作工", "循环水操作工"]},
            {"name": "变配电班", "posts": ["变配电值班电工"]},
        ],
    },
    {"name": "综合管理部", "posts": ["综合管理部经理", "综合管理员", "门岗保安"], "teams": []},
]

PEOPLE = [
    {"name": "张建国", "mobile": "13900000001", "post": None, "roles": ["principal"]},
    {"name": "李振华", "mobile": "13900000002", "post": None, "roles": ["technical_head"]},
    {"name": "王海涛", "mobile": "13900000003", "post": None, "roles": ["safety_officer"]},
    {"name": "陈志强", "mobile": "13900000004", "post": "生产部经理", "roles": ["department_head", "operations_head"]},
    {"name": "刘伟", "mobile": "13900000005", "post": "储运部经理", "roles": ["department_head", "operations_head"]},
    {"name": "赵国平", "mobile": "13900000006", "post": "设备部经理", "roles": ["department_head"]},
    {
        "name": "孙丽萍",
        "mobile": "13900000007",
        "post": "安全环保部经理",
        "roles": ["department_head", "safety_officer"],
    },
    {"name": "周明", "mobile": "13900000008", "post": "公用工程部经理", "roles": ["department_head"]},
    {"name": "吴晓燕", "mobile": "13900000009", "post": "综合管理部经理", "roles": ["department_head"]},
    {"name": "郑浩", "mobile": "13900000010", "post": "生产调度", "roles": ["worker"]},
    {"name": "何俊杰", "mobile": "13900000011", "post": "工艺技术员", "roles": ["worker"]},
    {"name": "朱卫东", "mobile": "13900000012", "post": "氢化岗位操作工", "roles": ["team_leader", "worker"]},
    {"name": "胡小龙", "mobile": "13900000013", "post": "氢化岗位操作工", "roles": ["worker"]},
    {"name": "郭强", "mobile": "13900000014", "post": "氧化岗位操作工", "roles": ["team_leader", "worker"]},
    {"name": "曹磊", "mobile": "13900000015", "post": "萃取岗位操作工", "roles": ["worker"]},
    {"name": "邓文斌", "mobile": "13900000016", "post": "后处理岗位操作工", "roles": ["team_leader", "worker"]},
    {"name": "冯涛", "mobile": "13900000017", "post": "浓缩岗位操作工", "roles": ["worker"]},
    {"name": "彭亮", "mobile": "13900000018", "post": "工作液配制岗位操作工", "roles": ["worker"]},
    {"name": "蒋国庆", "mobile": "13900000019", "post": "制氢岗位操作工", "roles": ["team_leader", "worker"]},
    {"name": "杨帆", "mobile": "13900000020", "post": "制氢岗位操作工", "roles": ["worker"]},
    {"name": "韩雪", "mobile": "13900000021", "post": "中控DCS操作员", "roles": ["team_leader", "worker"]},
    {"name": "唐宇", "mobile": "13900000022", "post": "中控DCS操作员", "roles": ["worker"]},
    {"name": "林美华", "mobile": "13900000023", "post": "仓库保管员", "roles": ["worker"]},
    {"name": "许建军", "mobile": "13900000024", "post": "罐区操作工", "roles": ["team_leader", "worker"]},
    {"name": "潘晓东", "mobile": "13900000025", "post": "罐区操作工", "roles": ["worker"]},
    {"name": "沈斌", "mobile": "13900000026", "post": "装卸操作工", "roles": ["team_leader", "worker"]},
    {"name": "黄立新", "mobile": "13900000027", "post": "设备管理员", "roles": ["worker"]},
    {"name": "吕德明", "mobile": "13900000028", "post": "机修钳工", "roles": ["team_leader", "worker"]},
    {"name": "苏大伟", "mobile": "13900000029", "post": "起重工", "roles": ["worker"]},
    {"name": "卢刚", "mobile": "13900000030", "post": "仪表维修工", "roles": ["team_leader", "worker"]},
    {"name": "丁海军", "mobile": "13900000031", "post": "维修电工", "roles": ["worker"]},
    {"name": "徐静", "mobile": "13900000032", "post": "安全管理员", "roles": ["safety_officer"]},
    {"name": "高峰", "mobile": "13900000033", "post": "消防气防员", "roles": ["worker"]},
    {"name": "魏东升", "mobile": "13900000034", "post": "空压站操作工", "roles": ["team_leader", "worker"]},
    {"name": "薛红梅", "mobile": "13900000035", "post": "循环水操作工", "roles": ["worker"]},
    {"name": "叶俊", "mobile": "13900000036", "post": "变配电值班电工", "roles": ["team_leader", "worker"]},
    {"name": "罗红", "mobile": "13900000037", "post": "综合管理员", "roles": ["worker"]},
    {"name": "谢永刚", "mobile": "13900000038", "post": "门岗保安", "roles": ["worker"]},
]
