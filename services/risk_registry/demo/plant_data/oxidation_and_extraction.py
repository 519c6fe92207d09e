"""Oxidation (氧化) and extraction (萃取)."""

from __future__ import annotations

OXIDATION_AND_EXTRACTION = [
    {
        "kind": "process_unit",
        "name": "氧化工段",
        "code": "PU-03",
        "department": "生产部",
        "outline": [[380, 170], [500, 170], [500, 330], [380, 330]],
        "units": [
            {
                "name": "氧化塔（T-102）",
                "department": "生产部",
                "liable": "郭强",
                "risks": [
                    {
                        "name": "氧化塔内工作液蒸气与空气形成爆炸性混合物引发爆炸",
                        "accident_types": [18, 8],
                        "consequence": "氧化塔内或尾气系统发生爆炸，塔体损毁，工作液泄漏着火，可能造成多人伤亡",
                        "inherent": {"method": "LEC", "inputs": {"L": 1, "E": 10, "C": 40}},
                        "residual": {"method": "LEC", "inputs": {"L": 0.2, "E": 10, "C": 40}},
                        "measures": [
                            {
                                "description": (
                                    "氧化尾气设置在线氧含量分析仪，氧含量高报警、高高联锁切断空气进料并通入氮气"
                                ),
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": "检查氧含量分析仪显示正常，高报警、高高联锁设定值正确且联锁投用",
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": (
                                    "控制氧化塔温度48～55℃、压力0.20～0.30MPa，氢化液进塔前经气液分离除去夹带氢气"
                                ),
                                "classify1": "1",
                                "classify2": "1-1",
                                "classify3": "工艺",
                                "data_source": "1",
                                "inspection_content": "查看DCS趋势，塔温、塔压在工艺卡片范围内，气液分离器液位正常",
                                "post": "氧化岗位操作工",
                            },
                            {
                                "description": "氧化塔顶设置安全阀及爆破片，定期校验和更换",
                                "classify1": "1",
                                "classify2": "1-3",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查安全阀校验、爆破片更换在有效期内，爆破片与安全阀间压力表示值为零"
                                ),
                                "post": "设备管理员",
                            },
                            {
                                "description": "尾气氧含量分析仪每周用标准气校准一次并记录",
                                "classify1": "2",
                                "classify2": "2-3",
                                "classify3": "仪表",
                                "data_source": "2",
                                "inspection_content": "查看分析仪校准记录按期完成，校准偏差在允许范围内",
                                "post": "仪表维修工",
                            },
                            {
                                "description": "编制氧化塔超温超压、尾气氧含量超标现场处置卡，岗位人员熟知",
                                "classify1": "4",
                                "classify2": "4-4",
                                "classify3": "应急",
                                "data_source": "2",
                                "inspection_content": "抽问岗位人员处置步骤，处置卡张贴在操作室",
                                "post": "氧化岗位操作工",
                            },
                        ],
                    },
                    {
                        "name": "氧化液酸度不足导致双氧水分解超压",
                        "accident_types": [17],
                        "consequence": "氧化液中双氧水在碱性条件下分解放出氧气，系统超压，尾气氧含量升高",
                        "inherent": {"method": "LEC", "inputs": {"L": 1, "E": 10, "C": 15}},
                        "residual": {"method": "LEC", "inputs": {"L": 0.5, "E": 10, "C": 15}},
                        "measures": [
                            {
                                "description": "工作液按工艺指标补加磷酸，维持氧化液酸度，防止双氧水分解",
                                "classify1": "1",
                                "classify2": "1-1",
                                "classify3": "工艺",
                                "data_source": "2",
                                "inspection_content": "查看磷酸加入记录及氧化液酸度分析结果在工艺指标范围内",
                                "post": "氧化岗位操作工",
                            },
                            {
                                "description": "化验室每班分析氧化液酸度、氧化效率，结果通知岗位并记录",
                                "classify1": "3",
                                "classify2": "3-2",
                                "classify3": "工艺",
                                "data_source": "2",
                                "inspection_content": "查看分析报告单按班次出具，超标项有调整记录",
                                "post": "工艺技术员",
                            },
                            {
                                "description": "氧化塔、氧化液贮槽定期检查内件及钝化情况",
                                "classify1": "2",
                                "classify2": "2-2",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": "查看检修记录中内件检查、钝化处理内容完整",
                                "post": "机修钳工",
                            },
                        ],
                    },
                ],
            },
            {
                "name": "氧化尾气芳烃回收系统",
                "department": "生产部",
                "liable": "郭强",
                "risks": [
                    {
                        "name": "氧化尾气活性炭吸附器芳烃积聚自燃",
                        "accident_types": [8],
                        "consequence": "活性炭床层超温自燃，引燃吸附器，烧伤巡检人员",
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 6, "C": 7}},
                        "residual": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 7}},
                        "measures": [
                            {
                                "description": "活性炭吸附器设置床层多点温度监测及高温报警，超温时自动通入氮气降温",
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": "检查床层各点温度显示正常，超温报警及充氮阀联锁投用",
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": "按周期再生或更换活性炭，并记录更换日期和用量",
                                "classify1": "2",
                                "classify2": "2-3",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": "查看活性炭再生、更换记录按周期执行",
                                "post": "氧化岗位操作工",
                            },
                            {
                                "description": "每2小时巡检吸附器温度、压差及尾气排放情况",
                                "classify1": "3",
                                "classify2": "3-2",
                                "classify3": "工艺",
                                "data_source": "2",
                                "inspection_content": "查看巡检记录，吸附器压差、床层温度正常",
                                "post": "氧化岗位操作工",
                            },
                        ],
                    },
                    {
                        "name": "氧化尾气芳烃超标排放造成人员中毒",
                        "accident_types": [19],
                        "consequence": "人员吸入芳烃蒸气引起头晕、恶心等中毒症状",
                        "inherent": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 7}},
                        "residual": {"method": "LS", "inputs": {"L": 1, "S": 2}},
                        "measures": [
                            {
                                "description": "尾气排气筒设置VOCs在线监测，超标报警",
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "环保",
                                "data_source": "1",
                                "inspection_content": "查看VOCs在线监测数据未超标，超标报警有处置记录",
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": "进入尾气处理区检修佩戴防毒面具（有机蒸气滤毒罐）",
                                "classify1": "4",
                                "classify2": "4-2",
                                "classify3": "职业卫生",
                                "data_source": "2",
                                "inspection_content": "检查防毒面具及滤毒罐在有效期内，检修人员正确佩戴",
                                "post": "氧化岗位操作工",
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "kind": "process_unit",
        "name": "萃取工段",
        "code": "PU-04",
        "department": "生产部",
        "outline": [[520, 170], [620, 170], [620, 330], [520, 330]],
        "units": [
            {
                "name": "萃取塔（T-103）",
                "department": "生产部",
                "liable": "郭强",
                "risks": [
                    {
                        "name": "萃取塔内双氧水积聚分解超压爆炸，萃余液带双氧水进入氢化系统",
                        "accident_types": [17, 18],
                        "consequence": "萃取塔超压损毁；萃余液中双氧水进入氢化塔与氢气反应，引发氢化系统爆炸",
                        "inherent": {"method": "LEC", "inputs": {"L": 1, "E": 10, "C": 40}},
                        "residual": {"method": "LS", "inputs": {"L": 2, "S": 5}},
                        "measures": [
                            {
                                "description": (
                                    "控制萃取塔界面及纯水加入量与工作液流量比，萃余液双氧水含量控制在工艺指标内"
                                ),
                                "classify1": "1",
                                "classify2": "1-1",
                                "classify3": "工艺",
                                "data_source": "1",
                                "inspection_content": (
                                    "查看DCS中界面、纯水流量比值控制处于自动，萃余液双氧水含量不超过0.3g/L"
                                ),
                                "post": "萃取岗位操作工",
                            },
                            {
                                "description": "萃取塔顶温度高报警、塔顶压力高高联锁切断氧化液进料",
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": "检查萃取塔温度、压力联锁投用，报警设定值与联锁清单一致",
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": "每2小时取样分析萃余液双氧水含量及萃取液浓度并记录",
                                "classify1": "3",
                                "classify2": "3-2",
                                "classify3": "工艺",
                                "data_source": "2",
                                "inspection_content": "查看分析记录按时完整，超指标时有调整及复测记录",
                                "post": "萃取岗位操作工",
                            },
                            {
                                "description": "萃取塔筛板、塔体在大修时检查并钝化处理",
                                "classify1": "2",
                                "classify2": "2-2",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": "查看大修检查记录及钝化记录齐全",
                                "post": "机修钳工",
                            },
                            {
                                "description": "制定萃取塔异常分解应急处置方案，明确紧急停车及稀释步骤",
                                "classify1": "4",
                                "classify2": "4-4",
                                "classify3": "应急",
                                "data_source": "2",
                                "inspection_content": "查看处置方案在岗位存放，年度演练已开展",
                                "post": "安全管理员",
                            },
                        ],
                    },
                    {
                        "name": "萃余液分离器分离效果差导致带水带双氧水进入后处理系统",
                        "accident_types": [18, 8],
                        "consequence": "萃余液带入的双氧水在干燥塔、白土床内分解超温，可能引起白土床着火",
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 6, "C": 15}},
                        "residual": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 15}},
                        "measures": [
                            {
                                "description": "萃余液分离器设置聚结元件及界面计，定期排水",
                                "classify1": "1",
                                "classify2": "1-2",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": "检查聚结器压差正常、界面计显示清晰，查看排水记录",
                                "post": "萃取岗位操作工",
                            },
                            {
                                "description": "白土床进出口设置温度监测及高温报警",
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": "查看白土床进出口温差正常，高温报警设定正确",
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": "交接班检查萃余液分离器排水情况及萃余液外观",
                                "classify1": "3",
                                "classify2": "3-3",
                                "classify3": "操作",
                                "data_source": "2",
                                "inspection_content": "查看交接班记录中分离器排水情况记录完整",
                                "post": "萃取岗位操作工",
                            },
                        ],
                    },
                ],
            },
        ],
    },
]
