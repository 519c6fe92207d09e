"""The two major hazard sources (重大危险源): the H2O2 tank farm and the methanol tank farm."""

from __future__ import annotations

MAJOR_HAZARD_SOURCES = [
    {
        "kind": "major_hazard_source",
        "name": "双氧水储罐区",
        "code": "MHS-01",
        "department": "储运部",
        "outline": [[480, 400], [760, 400], [760, 560], [480, 560]],
        "rating": {
            "alpha": 1.2,
            "substances": [
                {"name": "过氧化氢溶液（27.5%）", "q": 1480.0, "critical_q": 200.0, "beta": 1.0},
                {"name": "过氧化氢溶液（50%）", "q": 560.0, "critical_q": 200.0, "beta": 1.0},
            ],
        },
        "guardians": {"principal": "张建国", "technical": "李振华", "operations": "刘伟"},
        "units": [
            {
                "name": "27.5%双氧水成品储罐组（T-201A/B/C/D）",
                "department": "储运部",
                "liable": "许建军",
                "risks": [
                    {
                        "name": "双氧水储罐内物料受杂质催化分解超温超压导致储罐爆炸",
                        "accident_types": [17, 7],
                        "consequence": (
                            "储罐超压破裂，双氧水大量喷溅，造成人员化学灼伤、罐体损毁；分解放出的氧气助燃，引发周边火灾"
                        ),
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 6, "C": 40}},
                        "residual": {"method": "LEC", "inputs": {"L": 0.5, "E": 6, "C": 40}},
                        "measures": [
                            {
                                "description": (
                                    "储罐设置温度、液位远传及高报警、高高报警，"
                                    "温度高高时联锁打开罐顶冷却喷淋水并启动应急倒罐泵"
                                ),
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": (
                                    "核对储罐温度、液位DCS显示与现场一致，高高报警设定值正确，联锁处于投用状态，"
                                    "查看季度联锁测试记录"
                                ),
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": "储罐顶部设置大口径紧急泄压口及呼吸阀，保证分解气体及时泄放",
                                "classify1": "1",
                                "classify2": "1-3",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查紧急泄压口、呼吸阀无堵塞、无结晶、无锈蚀，防护网完好，泄压口压盖动作灵活"
                                ),
                                "post": "罐区操作工",
                            },
                            {
                                "description": (
                                    "储罐采用纯铝或304L/316L不锈钢材质，投用前及检修后进行钝化处理，定期检测壁厚"
                                ),
                                "classify1": "2",
                                "classify2": "2-2",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": (
                                    "查看储罐钝化记录、定期检验报告在有效期内，罐体及焊缝无渗漏、无腐蚀"
                                ),
                                "post": "设备管理员",
                            },
                            {
                                "description": (
                                    "罐区操作工每2小时巡检记录储罐温度、液位，化验室每周取样分析稳定度及游离酸"
                                ),
                                "classify1": "3",
                                "classify2": "3-2",
                                "classify3": "工艺",
                                "data_source": "2",
                                "inspection_content": (
                                    "查看巡检记录按时、完整，罐内温度不高于40℃且无异常升温趋势，稳定度分析结果合格"
                                ),
                                "post": "罐区操作工",
                            },
                            {
                                "description": (
                                    "设置应急事故罐及纯水稀释管线，事故罐保持空罐备用，应急倒罐阀门处于可操作状态"
                                ),
                                "classify1": "4",
                                "classify2": "4-1",
                                "classify3": "应急",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查事故罐为空罐、液位为零，应急倒罐阀门开关灵活，纯水供应管线压力正常"
                                ),
                                "post": "罐区操作工",
                            },
                        ],
                    },
                    {
                        "name": "双氧水储罐根部阀或法兰泄漏造成人员化学灼伤",
                        "accident_types": [7],
                        "consequence": "双氧水溅入眼睛或接触皮肤造成化学灼伤，泄漏物流入雨水系统污染环境",
                        "inherent": {"method": "LEC", "inputs": {"L": 6, "E": 6, "C": 7}},
                        "residual": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 7}},
                        "measures": [
                            {
                                "description": "罐组设置防火堤及防渗地面，堤内设置收集沟并连通事故池，雨排阀常闭",
                                "classify1": "1",
                                "classify2": "1-5",
                                "classify3": "安全",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查防火堤无裂缝、穿堤管线封堵严密，雨排阀处于关闭状态，收集沟畅通"
                                ),
                                "post": "罐区操作工",
                            },
                            {
                                "description": "储罐根部阀、法兰垫片采用聚四氟乙烯材质，定期紧固检查",
                                "classify1": "2",
                                "classify2": "2-2",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": "检查根部阀、法兰、管道焊缝无渗漏、无白色结晶，垫片材质符合要求",
                                "post": "机修钳工",
                            },
                            {
                                "description": "罐区设置洗眼器及紧急喷淋装置，冬季采取电伴热防冻",
                                "classify1": "4",
                                "classify2": "4-1",
                                "classify3": "应急",
                                "data_source": "2",
                                "inspection_content": "试用洗眼器和喷淋装置出水正常、水质清洁，防冻伴热投用",
                                "post": "罐区操作工",
                            },
                            {
                                "description": "进入罐区取样、倒罐作业佩戴防护面屏、耐酸碱手套及防护服",
                                "classify1": "4",
                                "classify2": "4-2",
                                "classify3": "职业卫生",
                                "data_source": "2",
                                "inspection_content": "抽查作业人员劳动防护用品佩戴齐全，面屏、手套无破损",
                                "post": "罐区操作工",
                            },
                        ],
                    },
                ],
            },
            {
                "name": "50%双氧水成品储罐组及输送泵",
                "department": "储运部",
                "liable": "刘伟",
                "risks": [
                    {
                        "name": "50%双氧水混入有机物或金属杂质剧烈分解引发火灾爆炸",
                        "accident_types": [18, 8],
                        "consequence": (
                            "高浓度双氧水剧烈分解放热，与有机物形成爆炸性混合物，造成储罐爆炸及火灾，可能导致数人伤亡"
                        ),
                        "inherent": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 40}},
                        "residual": {"method": "LS", "inputs": {"L": 2, "S": 4}},
                        "measures": [
                            {
                                "description": (
                                    "50%双氧水储罐专罐专用，进出料管线与工作液等有机物料系统物理隔断，严禁串料"
                                ),
                                "classify1": "1",
                                "classify2": "1-1",
                                "classify3": "工艺",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查进出料管线流程与工艺流程图一致，与有机物料系统连接处加装盲板并挂牌"
                                ),
                                "post": "罐区操作工",
                            },
                            {
                                "description": "储罐温度高报警联锁启动罐顶冷却水喷淋，信号接入DCS及SIS",
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": (
                                    "查看温度高报警及喷淋联锁投用状态，核查联锁测试记录，喷淋管网压力正常"
                                ),
                                "post": "仪表维修工",
                            },
                            {
                                "description": "罐区操作人员经双氧水危险特性及分解应急处置专项培训，考核合格后上岗",
                                "classify1": "3",
                                "classify2": "3-1",
                                "classify3": "培训",
                                "data_source": "2",
                                "inspection_content": (
                                    "核查上岗人员专项培训记录、考核成绩及上岗证，新员工未经考核不得独立顶岗"
                                ),
                                "post": "罐区操作工",
                            },
                            {
                                "description": "编制双氧水储罐分解应急处置方案及现场处置卡，每半年组织一次演练",
                                "classify1": "4",
                                "classify2": "4-4",
                                "classify3": "应急",
                                "data_source": "2",
                                "inspection_content": (
                                    "查看现场处置卡张贴在岗位，演练记录及评估报告齐全，发现问题已整改"
                                ),
                                "post": "安全管理员",
                            },
                        ],
                    },
                    {
                        "name": "双氧水输送泵空转或出口憋压导致泵内物料分解爆炸",
                        "accident_types": [18, 7],
                        "consequence": "泵体内双氧水受热分解导致泵壳破裂，物料喷溅灼伤附近人员",
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 6, "C": 15}},
                        "residual": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 15}},
                        "measures": [
                            {
                                "description": "输送泵设置出口压力高、储罐低液位联锁停泵，泵体设置温度检测",
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": "检查低液位停泵、出口压力高停泵联锁投用，DCS上泵体温度显示正常",
                                "post": "中控DCS操作员",
                            },
                            {
                                "description": (
                                    "双氧水泵定期检查机械密封、轴承温度及振动，过流部件不得使用铜、铁等易催化分解材质"
                                ),
                                "classify1": "2",
                                "classify2": "2-1",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": (
                                    "测量轴承温度、振动值在规定范围内，机封无泄漏，查看维修记录中更换部件材质"
                                ),
                                "post": "机修钳工",
                            },
                            {
                                "description": "严禁关闭出口阀启动输送泵或长时间憋压运行，启泵前确认流程畅通",
                                "classify1": "3",
                                "classify2": "3-4",
                                "classify3": "操作",
                                "data_source": "2",
                                "inspection_content": "现场抽查启泵操作，核对操作票中流程确认步骤已执行",
                                "post": "罐区操作工",
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "kind": "major_hazard_source",
        "name": "甲醇罐区",
        "code": "MHS-02",
        "department": "储运部",
        "outline": [[40, 400], [200, 400], [200, 560], [40, 560]],
        "rating": {"alpha": 1.0, "substances": [{"name": "甲醇", "q": 711.0, "critical_q": 500.0, "beta": 1.0}]},
        "guardians": {"principal": "张建国", "technical": "李振华", "operations": "刘伟"},
        "units": [
            {
                "name": "甲醇储罐（V-301A/B）",
                "department": "储运部",
                "liable": "许建军",
                "risks": [
                    {
                        "name": "甲醇储罐泄漏遇点火源发生火灾爆炸",
                        "accident_types": [8, 18],
                        "consequence": (
                            "甲醇蒸气与空气形成爆炸性混合物，遇明火、静电或雷击发生火灾爆炸，波及制氢装置，"
                            "可能造成群死群伤"
                        ),
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 6, "C": 40}},
                        "residual": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 40}},
                        "measures": [
                            {
                                "description": "储罐设置氮封系统及带阻火器的呼吸阀，罐顶设置紧急泄放阀",
                                "classify1": "1",
                                "classify2": "1-3",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查氮封压力在0.2～0.5kPa范围内，呼吸阀、阻火器无堵塞、无锈死，紧急泄放阀铅封完好"
                                ),
                                "post": "罐区操作工",
                            },
                            {
                                "description": (
                                    "储罐设置液位计及高高液位联锁切断进料阀（SIS），罐区设置可燃气体检测报警仪并接入GDS"
                                ),
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": (
                                    "检查液位高高联锁投用，可燃气体检测仪在检定有效期内且读数为零、报警值设定正确"
                                ),
                                "post": "仪表维修工",
                            },
                            {
                                "description": (
                                    "储罐及管线法兰静电跨接完好，防雷防静电接地每年检测两次，接地电阻不大于10Ω"
                                ),
                                "classify1": "2",
                                "classify2": "2-3",
                                "classify3": "电气",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查静电跨接线无断裂、锈蚀，查看防雷防静电检测报告在有效期内且接地电阻合格"
                                ),
                                "post": "维修电工",
                            },
                            {
                                "description": "罐区执行巡回检查制度，每2小时巡检并记录液位、压力、温度及泄漏情况",
                                "classify1": "3",
                                "classify2": "3-2",
                                "classify3": "工艺",
                                "data_source": "2",
                                "inspection_content": (
                                    "查看巡检记录按时完整，液位不超过安全高度（85%），现场无甲醇气味及滴漏"
                                ),
                                "post": "罐区操作工",
                            },
                            {
                                "description": "罐区设置泡沫灭火系统、消防冷却水喷淋系统及固定消防炮，保持完好备用",
                                "classify1": "4",
                                "classify2": "4-3",
                                "classify3": "消防",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查泡沫液储量及有效期，喷淋阀组、消防炮启闭灵活，消防水压力不低于0.7MPa"
                                ),
                                "post": "消防气防员",
                            },
                        ],
                    },
                    {
                        "name": "甲醇泄漏挥发造成人员中毒",
                        "accident_types": [19],
                        "consequence": "吸入高浓度甲醇蒸气引起头痛、视力损害，严重时中毒死亡",
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 3, "C": 15}},
                        "residual": {"method": "LS", "inputs": {"L": 2, "S": 2}},
                        "measures": [
                            {
                                "description": "罐组设置防火堤及防渗地面，泄漏物导入事故池，罐区设置风向标",
                                "classify1": "1",
                                "classify2": "1-5",
                                "classify3": "安全",
                                "data_source": "2",
                                "inspection_content": "检查防火堤完好、排水阀关闭，风向标转动灵活、位置醒目",
                                "post": "罐区操作工",
                            },
                            {
                                "description": "罐区人员接受甲醇职业危害告知及中毒急救培训",
                                "classify1": "3",
                                "classify2": "3-1",
                                "classify3": "职业卫生",
                                "data_source": "2",
                                "inspection_content": "查看职业危害告知书签字及培训记录，抽问甲醇中毒急救要点",
                                "post": "安全管理员",
                            },
                            {
                                "description": "罐区应急柜配备正压式空气呼吸器2套、防毒面具及防护手套",
                                "classify1": "4",
                                "classify2": "4-2",
                                "classify3": "应急",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查空气呼吸器气瓶压力不低于25MPa、面罩气密性良好，防毒面具滤毒罐在有效期内"
                                ),
                                "post": "消防气防员",
                            },
                        ],
                    },
                ],
            },
            {
                "name": "甲醇输送泵区",
                "department": "储运部",
                "liable": "许建军",
                "risks": [
                    {
                        "name": "甲醇输送泵机械密封泄漏引发火灾",
                        "accident_types": [8],
                        "consequence": "泄漏甲醇遇泵体高温或电气火花着火，烧伤操作人员，损毁泵区设备",
                        "inherent": {"method": "LEC", "inputs": {"L": 3, "E": 6, "C": 15}},
                        "residual": {"method": "LEC", "inputs": {"L": 1, "E": 6, "C": 15}},
                        "measures": [
                            {
                                "description": "泵区设置可燃气体检测报警仪，报警信号接入GDS并联动声光报警",
                                "classify1": "1",
                                "classify2": "1-4",
                                "classify3": "仪表",
                                "data_source": "1",
                                "inspection_content": (
                                    "检查泵区可燃气体检测仪显示正常、声光报警器完好，查看报警记录已处置"
                                ),
                                "post": "仪表维修工",
                            },
                            {
                                "description": "甲醇泵定期检查机械密封、轴承及联轴器，电机采用隔爆型",
                                "classify1": "2",
                                "classify2": "2-1",
                                "classify3": "设备",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查机封无泄漏、联轴器护罩完好，电机防爆标志清晰、接线盒密封完好"
                                ),
                                "post": "机修钳工",
                            },
                            {
                                "description": "交接班时检查泵运行状态、密封泄漏情况并在交接班记录中注明",
                                "classify1": "3",
                                "classify2": "3-3",
                                "classify3": "操作",
                                "data_source": "2",
                                "inspection_content": "查看交接班记录中泵运行状态、备泵状态及泄漏情况记录完整",
                                "post": "罐区操作工",
                            },
                            {
                                "description": "泵区配置35kg推车式干粉灭火器2具、8kg手提式干粉灭火器4具",
                                "classify1": "4",
                                "classify2": "4-3",
                                "classify3": "消防",
                                "data_source": "2",
                                "inspection_content": (
                                    "检查灭火器压力指针在绿区、铅封完好、在检验有效期内，摆放位置无遮挡"
                                ),
                                "post": "消防气防员",
                            },
                        ],
                    },
                ],
            },
        ],
    },
]
