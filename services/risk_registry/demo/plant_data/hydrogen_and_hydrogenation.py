"""Hydrogen production (methanol cracking + PSA) and hydrogenation (氢化)."""

from __future__ import annotations

HYDROGEN_AND_HYDROGENATION = [
    {
        "kind": "process_unit",
        "name": "甲醇裂解制氢装置",
        "code": "PU-01",
        "department": "生产部",
        "outline": [[40, 170], [200, 170], [200, 330], [40, 330]],
        "units": [
            {
                "name": "甲醇裂解转化单元",
                "department": "生产部",
                "liable": "蒋国庆",
                "risks": [
                    {
                        "name": "转化器及管线泄漏氢气、一氧化碳遇点火源火灾爆炸",
                        "accident_types": [8, 18],
                        "consequence": (
                            "转化气（氢气、一氧化碳）泄漏形成爆炸性混合物，遇点火源发生爆炸，造成装置损毁及人员伤亡"
                        ),
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 6, "C": 40}},
                        "residual": {"method": "LEC", "inputs": {"L": 0.5, "E": 6, "C": 40}},
                        "measures": [
                            {
                                "description": (
                                    "转化器出口温度、压力高高联锁切断甲醇进料并打开放空阀（SIS），装置区设置可燃、"
                                    "有毒气体检测报警仪"
                                ),
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": (
                                    "检查SIS联锁投用状态，联锁旁路有审批手续；气体检测仪在检定有效期内且读数正常"
                                ),
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": "控制转化温度240～280℃、系统压力不高于1.5MPa，DCS设置高低限报警",
                                "classify1": "1",
                                "classify2": "1-1",
                                "classify3": "工艺",
                                "data_source": "1",
                                "inspection_content": "查看DCS趋势及报警记录，转化温度、系统压力在工艺卡片范围内",
                                "post": "制氢岗位操作工",
                            },
                            {
                                "description": "转化器、换热器等压力容器按期定期检验，高温管线定点测厚",
                                "classify1": "2",
                                "classify2": "2-2",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": "查看压力容器定期检验报告在有效期内，测厚数据无异常减薄",
                                "post": "设备管理员",
                            },
                            {
                                "description": "每小时巡检记录转化器温度、压力，使用便携式检测仪检查法兰及阀门泄漏",
                                "classify1": "3",
                                "classify2": "3-2",
                                "classify3": "工艺",
                                "data_source": "2",
                                "inspection_content": "查看巡检记录按时完整，抽查重点法兰无泄漏",
                                "post": "制氢岗位操作工",
                            },
                        ],
                    },
                    {
                        "name": "转化气中一氧化碳泄漏造成人员中毒",
                        "accident_types": [19],
                        "consequence": "人员吸入一氧化碳中毒，严重时死亡",
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 6, "C": 15}},
                        "residual": {"method": "LS", "inputs": {"L": 2, "S": 3}},
                        "measures": [
                            {
                                "description": "转化器、换热器区域设置一氧化碳有毒气体检测报警仪，一级报警值24ppm",
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": (
                                    "检查CO检测仪在检定有效期内，一级、二级报警设定正确，现场声光报警器完好"
                                ),
                                "post": "仪表维修工",
                            },
                            {
                                "description": "进入制氢装置巡检携带便携式CO报警仪，两人同行，站在上风向",
                                "classify1": "3",
                                "classify2": "3-4",
                                "classify3": "操作",
                                "data_source": "2",
                                "inspection_content": "抽查巡检人员携带便携式报警仪且已开机，巡检路线执行两人同行",
                                "post": "制氢岗位操作工",
                            },
                            {
                                "description": "装置区设置风向标、应急疏散通道及紧急集合点，疏散通道保持畅通",
                                "classify1": "4",
                                "classify2": "4-1",
                                "classify3": "应急",
                                "data_source": "2",
                                "inspection_content": "检查风向标完好，疏散通道无杂物堵塞，集合点标志清晰",
                                "post": "安全管理员",
                            },
                        ],
                    },
                ],
            },
            {
                "name": "变压吸附（PSA）提纯单元",
                "department": "生产部",
                "liable": "蒋国庆",
                "risks": [
                    {
                        "name": "PSA程控阀故障导致吸附塔窜压超压爆炸",
                        "accident_types": [17, 18],
                        "consequence": "吸附塔或产品氢气缓冲罐超压破裂，氢气泄漏爆炸，造成人员伤亡",
                        "inherent": {"method": "LEC", "inputs": {"L": 1, "E": 10, "C": 40}},
                        "residual": {"method": "LEC", "inputs": {"L": 0.5, "E": 10, "C": 40}},
                        "measures": [
                            {
                                "description": "程控阀设置阀位检测及故障报警，PSA程序检测到阀门故障时自动切塔运行",
                                "classify1": "1",
                                "classify2": "1-1",
                                "classify3": "工艺",
                                "data_source": "1",
                                "inspection_content": "查看PSA程控阀阀位反馈正常、无故障报警，自动切塔功能处于投用状态",
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": (
                                    "吸附塔及氢气缓冲罐设置安全阀，放空管引至高点放空并设阻火器，安全阀每年校验"
                                ),
                                "classify1": "1",
                                "classify2": "1-3",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查安全阀铅封完好、校验在有效期内，根部阀全开并加铅封，阻火器无堵塞"
                                ),
                                "post": "设备管理员",
                            },
                            {
                                "description": "程控阀定期维护，检查液压/气动执行机构、密封件及阀位开关",
                                "classify1": "2",
                                "classify2": "2-3",
                                "classify3": "仪表",
                                "data_source": "2",
                                "inspection_content": "查看程控阀维护记录，执行机构无漏油漏气，阀位开关动作可靠",
                                "post": "仪表维修工",
                            },
                            {
                                "description": "交接班核对PSA运行步序、各吸附塔压力及产品氢纯度（≥99.9%）",
                                "classify1": "3",
                                "classify2": "3-3",
                                "classify3": "操作",
                                "data_source": "2",
                                "inspection_content": "查看交接班记录中PSA步序、各塔压力及氢气纯度数据完整",
                                "post": "制氢岗位操作工",
                            },
                        ],
                    },
                ],
            },
            {
                "name": "导热油炉（有机热载体锅炉）",
                "department": "生产部",
                "liable": "蒋国庆",
                "risks": [
                    {
                        "name": "导热油炉炉膛燃料气积聚点火爆炸",
                        "accident_types": [16, 7],
                        "consequence": "炉膛爆炸损毁炉体，火焰及高温烟气灼伤人员",
                        "inherent": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 40}},
                        "residual": {"method": "LEC", "inputs": {"L": 0.5, "E": 6, "C": 40}},
                        "measures": [
                            {
                                "description": "燃烧器设置火焰监测熄火保护、点火前自动吹扫程序及燃料气压力高低联锁切断",
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": "检查熄火保护、燃料气压力联锁投用，查看点炉吹扫程序记录",
                                "post": "仪表维修工",
                            },
                            {
                                "description": "导热油炉按特种设备要求定期检验，导热油每年取样化验一次",
                                "classify1": "2",
                                "classify2": "2-2",
                                "classify3": "特种设备",
                                "data_source": "2",
                                "inspection_content": "查看锅炉定期检验报告及导热油化验报告在有效期内，残炭、酸值合格",
                                "post": "设备管理员",
                            },
                            {
                                "description": "司炉人员取得特种设备作业人员证（G1工业锅炉司炉）后上岗",
                                "classify1": "3",
                                "classify2": "3-1",
                                "classify3": "培训",
                                "data_source": "2",
                                "inspection_content": "核查司炉人员持证在有效期内，人证相符",
                                "post": "制氢岗位操作工",
                            },
                            {
                                "description": "点炉前严格执行吹扫置换操作票，炉膛可燃气体检测合格后方可点火",
                                "classify1": "3",
                                "classify2": "3-2",
                                "classify3": "操作",
                                "data_source": "2",
                                "inspection_content": "查看点炉操作票签字齐全，可燃气体检测数据记录完整",
                                "post": "制氢岗位操作工",
                            },
                        ],
                    },
                    {
                        "name": "导热油管线泄漏遇高温着火",
                        "accident_types": [8],
                        "consequence": "高温导热油泄漏自燃，烧伤人员，损毁周边设备",
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 6, "C": 7}},
                        "residual": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 7}},
                        "measures": [
                            {
                                "description": "导热油循环泵定期检查机械密封、轴承温度，备泵定期盘车",
                                "classify1": "2",
                                "classify2": "2-1",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": "检查循环泵机封无泄漏，轴承温度不高于75℃，查看备泵盘车记录",
                                "post": "机修钳工",
                            },
                            {
                                "description": "巡检记录导热油出口温度、回油温度、膨胀槽液位",
                                "classify1": "3",
                                "classify2": "3-2",
                                "classify3": "工艺",
                                "data_source": "2",
                                "inspection_content": "查看记录中出口温度不超过工艺指标，膨胀槽液位正常",
                                "post": "制氢岗位操作工",
                            },
                            {
                                "description": "导热油炉区配置推车式干粉灭火器及消防蒸汽带",
                                "classify1": "4",
                                "classify2": "4-3",
                                "classify3": "消防",
                                "data_source": "2",
                                "inspection_content": "检查灭火器在有效期内、消防蒸汽带完好且阀门开关灵活",
                                "post": "消防气防员",
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "kind": "process_unit",
        "name": "氢化工段",
        "code": "PU-02",
        "department": "生产部",
        "outline": [[230, 170], [360, 170], [360, 330], [230, 330]],
        "units": [
            {
                "name": "氢化塔（T-101）及氢气进料系统",
                "department": "生产部",
                "liable": "朱卫东",
                "risks": [
                    {
                        "name": "氢化塔氢气泄漏遇点火源爆炸",
                        "accident_types": [18, 8],
                        "consequence": (
                            "氢气与空气形成爆炸性混合物，遇点火源发生爆炸并引燃工作液，可能造成多人死亡和装置毁损"
                        ),
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 10, "C": 40}},
                        "residual": {"method": "LEC", "inputs": {"L": 0.5, "E": 10, "C": 40}},
                        "measures": [
                            {
                                "description": (
                                    "氢化塔设置温度、压力高高联锁，联锁动作切断氢气进料阀并充氮保护（SIS，SIL2）"
                                ),
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": (
                                    "检查SIS联锁全部投用，旁路有审批；核查联锁回路年度测试记录及SIL验证报告"
                                ),
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": "氢化框架各层设置氢气可燃气体检测报警仪，信号接入GDS并联动现场声光报警",
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": (
                                    "检查各层检测仪显示正常，探头位于泄漏源上方，报警值设定为25%LEL/50%LEL"
                                ),
                                "post": "仪表维修工",
                            },
                            {
                                "description": "氢化框架区域电气设备采用ⅡC T1级防爆型，区域内严禁使用非防爆工具及手机",
                                "classify1": "1",
                                "classify2": "1-5",
                                "classify3": "电气",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查防爆电气标志、隔爆面及电缆引入装置完好，抽查现场工具为防爆型"
                                ),
                                "post": "维修电工",
                            },
                            {
                                "description": "氢化塔、氢气管线法兰定期开展泄漏检测，静电跨接完好",
                                "classify1": "2",
                                "classify2": "2-2",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": "查看泄漏检测记录，法兰静电跨接线无缺失、锈蚀",
                                "post": "机修钳工",
                            },
                            {
                                "description": "每小时记录氢化塔温度、压力、氢气流量及氢化效率，异常及时调整",
                                "classify1": "3",
                                "classify2": "3-2",
                                "classify3": "工艺",
                                "data_source": "2",
                                "inspection_content": "查看操作记录中塔温不超过70℃、塔压不超过0.30MPa，异常有处理记录",
                                "post": "氢化岗位操作工",
                            },
                            {
                                "description": "氢化框架设置消防水炮、室外消火栓及蒸汽灭火接口，保持完好",
                                "classify1": "4",
                                "classify2": "4-3",
                                "classify3": "消防",
                                "data_source": "2",
                                "inspection_content": "检查消防水炮转动灵活、消火栓出水正常、蒸汽灭火接口阀门完好",
                                "post": "消防气防员",
                            },
                        ],
                    },
                    {
                        "name": "氢化塔超温超压导致容器爆炸",
                        "accident_types": [17],
                        "consequence": "氢化塔超压破裂，氢气和工作液泄漏，引发次生火灾",
                        "inherent": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 40}},
                        "residual": {"method": "LS", "inputs": {"L": 1, "S": 5}},
                        "measures": [
                            {
                                "description": "氢气进料流量与工作液流量比值控制，塔压、塔温DCS自动调节",
                                "classify1": "1",
                                "classify2": "1-1",
                                "classify3": "工艺",
                                "data_source": "1",
                                "inspection_content": (
                                    "查看比值控制、塔压塔温调节回路处于自动状态，参数在工艺卡片范围内"
                                ),
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": "氢化塔设置安全阀，出口引至安全放空总管，安全阀每年校验",
                                "classify1": "1",
                                "classify2": "1-3",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": "检查安全阀铅封完好、校验在有效期内，根部阀全开并加铅封",
                                "post": "设备管理员",
                            },
                            {
                                "description": "交接班时确认联锁投用状态、氢化塔工艺参数及钯催化剂床层温差",
                                "classify1": "3",
                                "classify2": "3-3",
                                "classify3": "操作",
                                "data_source": "2",
                                "inspection_content": "查看交接班记录中联锁投用、床层温差等内容填写完整",
                                "post": "氢化岗位操作工",
                            },
                        ],
                    },
                    {
                        "name": "含氢废钯催化剂卸出时接触空气自燃",
                        "accident_types": [8, 7],
                        "consequence": "卸出的钯催化剂吸附氢气遇空气自燃，烧伤卸剂人员",
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 1, "C": 15}},
                        "residual": {"method": "LEC", "inputs": {"L": 1, "E": 1, "C": 7}},
                        "measures": [
                            {
                                "description": "卸剂前用工作液、氮气充分置换，卸出催化剂保持湿润并装入密闭容器",
                                "classify1": "3",
                                "classify2": "3-4",
                                "classify3": "操作",
                                "data_source": "2",
                                "inspection_content": "查看卸剂方案及置换分析记录，现场确认卸出催化剂湿润存放",
                                "post": "氢化岗位操作工",
                            },
                            {
                                "description": "卸剂人员穿防火服、佩戴防护面罩及隔热手套",
                                "classify1": "4",
                                "classify2": "4-2",
                                "classify3": "职业卫生",
                                "data_source": "2",
                                "inspection_content": "检查卸剂人员防护用品配备到位、完好",
                                "post": "氢化岗位操作工",
                            },
                            {
                                "description": "卸剂现场配备干粉灭火器及消防水带，专人监护",
                                "classify1": "4",
                                "classify2": "4-3",
                                "classify3": "消防",
                                "data_source": "2",
                                "inspection_content": "检查卸剂现场灭火器材到位、监护人在岗",
                                "post": "消防气防员",
                            },
                        ],
                    },
                ],
            },
            {
                "name": "氢化液气液分离及氢化液泵",
                "department": "生产部",
                "liable": "朱卫东",
                "risks": [
                    {
                        "name": "氢化液泵机械密封泄漏工作液引发火灾",
                        "accident_types": [8],
                        "consequence": "工作液（重芳烃）泄漏遇点火源着火，烧伤人员并蔓延至氢化框架",
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 6, "C": 15}},
                        "residual": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 15}},
                        "measures": [
                            {
                                "description": "氢化液泵按润滑“五定”管理，定期检查机封泄漏、轴承温度和振动",
                                "classify1": "2",
                                "classify2": "2-1",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": "检查润滑油位正常，机封无泄漏，振动值不超过4.5mm/s",
                                "post": "机修钳工",
                            },
                            {
                                "description": "氢化液气液分离器设置液位高低报警，低液位联锁停氢化液泵",
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": "检查分离器液位显示正常、低液位停泵联锁投用",
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": "巡检检查氢化液泵运行状态、出口压力及密封情况并记录",
                                "classify1": "3",
                                "classify2": "3-2",
                                "classify3": "工艺",
                                "data_source": "2",
                                "inspection_content": "查看巡检记录中泵出口压力、电流、密封情况记录完整",
                                "post": "氢化岗位操作工",
                            },
                        ],
                    },
                ],
            },
        ],
    },
]
