"""Sentence templates for the synthetic reports, written for this project (no seed sentences).

Tags: {self} the reporting agency, {off} another office, {gov} the national office, {cityg} the local
government, {p:kind} one of the document's platforms, {pg:kind} a generic mention of it,
{c:target/unit} a count (target names a table cell group, or none), {y} the year, {lvl} 市/县/区.
"""
from __future__ import annotations

PREAMBLE = [
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和{gov}有关通知要求，现公布{self}{y}年政府信息公开工作年度报告。",
    "本报告依据《中华人民共和国政府信息公开条例》第五十条规定编制，统计期限为{y}年1月1日至12月31日。",
    "本年度报告由{self}编制，电子版可在{p:website}下载查阅。如对报告有疑问，请与{self}办公室联系。",
    "按照{gov}印发的年度报告格式要求，{self}对本年度政府信息公开工作进行了全面总结，形成本报告。",
    "本报告全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等{c:none/个}部分。",
    "报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止，可在{p:website}“政府信息公开”专栏查阅。",
]

OVERVIEW_INTRO = [
    "{y}年，{self}在{lvl}委、{lvl}政府的坚强领导下，认真贯彻《条例》要求，持续深化政务公开，各项工作取得新进展。",
    "{y}年，{self}坚持以公开为常态、不公开为例外，围绕中心工作推进决策、执行、管理、服务、结果公开。",
    "今年以来，{self}认真落实{cityg}关于政务公开的工作部署，健全工作机制，拓宽公开渠道，提升公开质效。",
    "{y}年，我{unit}紧扣群众关注关切，严格按照{off}的要求，扎实做好政府信息公开各项工作，现将情况报告如下：",
    "{y}年，{self}认真贯彻落实{cityg}关于政务公开工作的部署要求，不断加大信息公开力度。",
    "在{cityg}的统一领导下，{self}坚持以公开促落实、以公开促规范，政府信息公开工作有序开展。",
    "按照{cityg}办公室印发的政务公开工作要点，{self}细化任务分工，逐项抓好落实。",
]

ACTIVE = [
    "全年通过{p:website}主动公开各类政府信息{c:none/条}，其中政策文件{c:none/件}、工作动态{c:none/条}。",
    "依托{p:website}、{p:wechat}等平台，累计发布信息{c:none/条}，政策解读{c:none/篇}。",
    "{y}年，{self}在{p:website}发布信息{c:none/条}，在{p:newspaper}刊发稿件{c:none/篇}，在{p:wechat}推送消息{c:none/条}。",
    "通过{p:wechat}发布政务信息{c:none/条}，通过{p:weibo}发布动态{c:none/条}，阅读量达{c:none/人次}。",
    "在{p:newspaper}、{p:tv}等媒体刊播新闻报道{c:none/篇}，进一步扩大了政策知晓面。",
    "全年编印{p:gazette}{c:none/期}，刊登规范性文件{c:none/件}，免费发放{c:none/份}。",
    "利用{p:bulletin_board}张贴公示信息{c:none/期}，方便不会上网的群众查阅。",
    "开设“{topic}政策直通车”专栏，通过{p:app}推送惠企政策{c:none/条}，点击量{c:none/次}。",
    "借助{p:mini_program}提供政策查询服务，全年访问量{c:none/人次}，解答企业咨询{c:none/个}。",
    "通过{p:hotline}受理群众咨询{c:none/件}，办结率{c:none/%}。",
    "在{p:video}发布政策解读短视频{c:none/个}，累计播放{c:none/次}。",
    "梳理主动公开事项{c:none/项}，更新政府信息公开指南和目录{c:none/次}。",
    "本年度制发规范性文件{c:normative_documents.issued/件}，废止{c:normative_documents.repealed/件}，现行有效规范性文件{c:normative_documents.in_force/件}，均已在{pg:website}集中公开。",
    "截至{y}年底，{self}现行有效的行政规范性文件共{c:normative_documents.in_force/件}，本年度未制发规章。",
    "本年度共清理规范性文件{c:none/件}，其中废止{c:normative_documents.repealed/件}，继续有效{c:normative_documents.in_force/件}。",
    "全年印发行政规范性文件{c:normative_documents.issued/件}，均按规定进行合法性审查并及时公开。",
    "{y}年制定规章{c:regulations.issued/件}，制发规范性文件{c:normative_documents.issued/件}。",
    "全年收取行政事业性收费{c:fees.amount/万元}，收费项目及标准均在{pg:website}公开。",
    "发布政策解读材料{c:none/篇}，其中图文解读{c:none/篇}、视频解读{c:none/个}，回应社会关切{c:none/次}。",
    "组织开展政府开放日活动{c:none/场}，邀请群众代表{c:none/人}参加。",
    "通过{p:other}和{p:wechat}发布信息{c:none/条}，其中转载上级信息{c:none/条}。",
    "公开财政预决算信息{c:none/条}，公开招标采购信息{c:none/条}，公开人事任免信息{c:none/条}。",
    "{y}年主动公开政府信息{c:none/条}，较上年增长{c:none/%}。",
    "共办理人大代表建议{c:none/件}、政协委员提案{c:none/件}，办复率{c:none/%}。",
    "全年制定依申请公开信息目录{c:none/件}，主动公开基本目录{c:none/条}。",
    "作出行政许可决定{c:none/件}，行政处罚决定{c:none/件}，相关信息均在{pg:website}公示。",
]

APPLY = [
    "{y}年，共收到政府信息公开申请{c:applications.new_received.total/件}，上年结转{c:applications.carried_over.total/件}，均已按期答复。",
    "全年共受理政府信息公开申请{c:applications.new_received.total/件}，其中自然人申请{c:none/件}，法人或其他组织申请{c:none/件}。",
    "本年度共办理政府信息公开申请{c:applications.total_processed.total/件}，其中予以公开{c:applications.granted.total/件}，部分公开{c:applications.partially_granted.total/件}，不予公开{c:applications.denied/件}，无法提供{c:applications.unable/件}，不予处理{c:applications.not_processed/件}。",
    "办结申请{c:applications.total_processed.total/件}，结转下年度继续办理{c:applications.carried_forward.total/件}。",
    "在已办结的申请中，同意公开{c:applications.granted.total/件}，因本机关不掌握相关信息无法提供{c:applications.unable/件}，其他处理{c:applications.other/件}。",
    "新收申请{c:applications.new_received.total/件}，较上年减少{c:none/件}，按期答复率{c:none/%}。",
    "{self}共收到依申请公开{c:applications.new_received.total/件}，全部在法定期限内办结，未产生信息处理费。",
    "上年度结转的{c:applications.carried_over.total/件}申请已于年初办结，本年度无结转到下一年度的申请。",
    "对申请人无正当理由逾期不补正的申请{c:applications.other/件}，依法不再处理。",
    "全年不予处理的申请共{c:applications.not_processed/件}，均为重复申请或信访类申请。",
    "本年度部分公开{c:applications.partially_granted.total/件}，不予公开{c:applications.denied/件}，均向申请人说明理由。",
    "通过{pg:website}在线受理申请{c:none/件}，通过信函受理{c:none/件}，当面受理{c:none/件}。",
    "全年接听依申请公开咨询电话{c:none/次}，现场接待群众{c:none/人次}。",
    "全年未收到政府信息公开申请。",
]

REVIEW = [
    "{y}年，因政府信息公开被申请行政复议{c:review_litigation.review.total/件}，提起行政诉讼{c:review_litigation.litigation/件}。",
    "全年发生政府信息公开行政复议案件{c:review_litigation.review.total/件}，结果均为维持。",
    "本年度涉及政府信息公开的行政诉讼{c:review_litigation.litigation/件}，其中尚未审结{c:none/件}。",
    "{y}年未发生因政府信息公开引起的行政复议和行政诉讼案件。",
    "本年度无政府信息公开行政复议、行政诉讼情况。",
]

MANAGE = [
    "严格落实“先审查、后公开”和“一事一审”制度，全年审核拟公开信息{c:none/条}，未发生泄密事件。",
    "{self}办公室负责统筹全{unit}政府信息公开工作，各科室明确一名信息员，形成上下联动的工作格局。",
    "及时调整政务公开工作领导小组，召开专题会议{c:none/次}研究部署政府信息公开工作。",
    "按照{off}统一部署，对公开目录进行全面梳理，调整栏目{c:none/个}，清理过期信息{c:none/条}。",
    "积极参加{off}组织的业务培训{c:none/次}，{self}内部开展政务公开专题学习{c:none/场}。",
    "配合{off}完成网站集约化迁移工作，按照{off}要求在网站底部设置党政机关标识。",
    "主动向{off}报送政务信息{c:none/篇}，被采用{c:none/篇}。",
    "安排专人参加{off}举办的政务新媒体运维培训，提升信息编辑水平。",
    "将政务公开工作纳入年度目标考核，考核结果报送{off}备案。",
    "严格执行{cityg}制定的信息发布审核制度，确保公开内容合法合规。",
]

PLATFORM_BUILD = [
    "持续加强{p:website}建设，优化“政府信息公开”专栏，全年更新栏目信息{c:none/条}。",
    "{p:wechat}全年推送信息{c:none/条}，关注人数达{c:none/人}。",
    "{p:weibo}和{p:wechat}同步运营，形成“两微一端”传播矩阵。",
    "规范运行{p:app}，开设政策解读、便民服务等栏目{c:none/个}。",
    "在办事大厅设置{p:bulletin_board}，及时公开办事指南和收费标准。",
    "依托{p:mini_program}实现政策“一键查询”，用户数{c:none/人}。",
    "与{p:newspaper}合作开设专版{c:none/期}，宣传惠民惠企政策。",
    "畅通{p:hotline}，对群众反映的问题限时答复。",
    "在{p:video}开设政策解读栏目，全年发布短视频{c:none/个}。",
    "通过{p:website}链接{p:website}，实现政务服务事项网上办理。",
    "我{unit}无自建网站，信息统一通过{pg:website}发布，由{off}统一管理。",
    "按照{off}要求对政务新媒体开展自查，关停整合账号{c:none/个}。",
    "进一步规范{pg:wechat}的信息发布流程，确保信息准确权威。",
]

SUPERVISE = [
    "主动接受社会监督，公开监督电话和电子邮箱，全年未收到相关投诉。",
    "建立健全责任追究机制，{y}年未发生因政府信息公开引起的责任追究情况。",
    "邀请人大代表、政协委员和群众代表{c:none/人}对政务公开工作进行评议。",
    "认真落实{off}年度考核要求，对发现的问题逐项整改，整改完成率{c:none/%}。",
    "组织开展政务公开专项检查{c:none/次}，发现并整改问题{c:none/个}。",
]

PROBLEMS = [
    "部分工作人员对政府信息公开工作重视不够，业务能力有待提升",
    "主动公开的深度和广度还不够，政策解读形式较为单一",
    "信息发布的时效性不强，个别栏目更新不够及时",
    "政务新媒体互动回应功能发挥不充分，与群众沟通渠道有待拓宽",
    "公开内容与群众需求结合不够紧密，实用性有待增强",
    "基层政务公开标准化规范化建设仍有差距",
    "依申请公开答复的规范性还需进一步提高",
    "信息公开工作人员流动较大，专业培训不足",
    "政策文件解读的针对性和可读性不够",
    "公开平台之间的协同联动不足，信息重复发布现象时有发生",
]

IMPROVEMENTS = [
    "加强业务培训，组织工作人员深入学习《条例》，提高依法公开能力",
    "丰富政策解读形式，更多采用图解、视频等群众喜闻乐见的方式",
    "建立信息更新台账，定期巡查栏目，确保信息发布及时准确",
    "强化{pg:wechat}等新媒体的互动功能，及时回应社会关切",
    "围绕群众关注的热点问题，加大重点领域信息公开力度",
    "对照标准目录，推进基层政务公开标准化规范化建设",
    "规范依申请公开办理流程，严格落实答复文书模板",
    "健全考核评议机制，将政务公开纳入年度绩效考核",
    "加强与{off}的沟通协作，提升平台管理水平",
    "完善保密审查机制，坚持先审查后公开",
]

OTHER_MATTERS = [
    "本年度未收取信息处理费。",
    "{y}年度{self}依申请公开政府信息未收取任何费用。",
    "本年度共承办人大代表建议{c:none/件}、政协委员提案{c:none/件}，已全部按期办结。",
    "无其他需要报告的事项。",
    "按照{off}工作要点要求，全面完成年度政务公开各项任务。",
    "本年度发出收费通知书{c:none/件}，实际收取信息处理费{c:none/元}。",
]

NOTES = [
    "本报告中所列数据统计期限为{y}年1月1日至12月31日，数据如有出入，以{self}解释为准。",
    "如对本报告有任何疑问，请与{self}联系（电话：0{phone}）。",
    "本报告电子版可在{p:website}查阅或下载。",
]
