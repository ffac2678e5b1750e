"""Name parts for the synthetic generator: places, agency heads, platform patterns, other offices.

Everything is composed from parts so that the models see names they could not memorise; none of these
lists is a copy of a seed report.
"""
from __future__ import annotations

# Two-character syllables that combine into plausible place names (安平, 清河, 云川 …).
PLACE_A = list("安宝滨昌长川丹东定丰福高广海汉河和鹤华怀淮吉嘉建江金锦靖景九君开昆兰乐黎利临林柳隆鲁洛茂梅绵"
               "南宁平普齐庆泉仁荣瑞三沙山商韶绍寿双顺泰唐桃天通铜万威渭文武西溪仙湘新兴秀阳伊宜永玉元岳云"
               "枣泽漳昭正中舟珠遵")
PLACE_B = list("安昌城川丹德东丰峰冈港河湖华化淮江津康口兰乐陵流龙隆门明南宁平浦桥清泉山沙水顺台坦塘田亭"
               "同阳源远州洲庄泽兴溪西峡霞仙乡原云")
# Full province-level names with their short forms (used for 省/自治区 agencies and provincial portals).
PROVINCES = [("河北省", "河北"), ("山西省", "山西"), ("辽宁省", "辽宁"), ("吉林省", "吉林"), ("江苏省", "江苏"),
             ("浙江省", "浙江"), ("安徽省", "安徽"), ("福建省", "福建"), ("江西省", "江西"), ("山东省", "山东"),
             ("河南省", "河南"), ("湖北省", "湖北"), ("湖南省", "湖南"), ("广东省", "广东"), ("海南省", "海南"),
             ("四川省", "四川"), ("贵州省", "贵州"), ("云南省", "云南"), ("陕西省", "陕西"), ("甘肃省", "甘肃"),
             ("青海省", "青海"), ("黑龙江省", "黑龙江"), ("广西壮族自治区", "广西"), ("内蒙古自治区", "内蒙古"),
             ("宁夏回族自治区", "宁夏"), ("新疆维吾尔自治区", "新疆"), ("西藏自治区", "西藏")]

# Agency heads: (full head, short head). The full name is place + full head; the short one place + short.
BUREAUS = [("科学技术局", "科技局"), ("教育局", "教育局"), ("民政局", "民政局"), ("财政局", "财政局"),
           ("人力资源和社会保障局", "人社局"), ("自然资源局", "自然资源局"), ("生态环境局", "生态环境局"),
           ("住房和城乡建设局", "住建局"), ("交通运输局", "交通运输局"), ("水利局", "水利局"),
           ("农业农村局", "农业农村局"), ("商务局", "商务局"), ("文化和旅游局", "文旅局"),
           ("卫生健康委员会", "卫健委"), ("退役军人事务局", "退役军人局"), ("应急管理局", "应急局"),
           ("审计局", "审计局"), ("市场监督管理局", "市场监管局"), ("统计局", "统计局"), ("医疗保障局", "医保局"),
           ("林业和草原局", "林草局"), ("发展和改革委员会", "发改委"), ("工业和信息化局", "工信局"),
           ("科学技术和工业信息化局", "科技工信局"), ("司法局", "司法局"), ("公安局", "公安局"),
           ("行政审批服务局", "行政审批局"), ("数据和政务服务局", "数政局"), ("民族宗教事务委员会", "民宗委"),
           ("机关事务管理局", "机关事务局"), ("人民政府办公室", "政府办"), ("信访局", "信访局")]
TOWNSHIPS = ["镇人民政府", "乡人民政府", "街道办事处"]
LEVELS = ["市", "县", "区", "省", "自治区", "乡镇"]

# Offices that reports mention (not the reporting agency). {city}/{prov}/{lvl} are filled per document.
MENTIONED = [
    "国务院办公厅政府信息与政务公开办公室", "国务院办公厅", "{lvl}政务公开办", "{lvl}政务公开办公室",
    "{lvl}政府办公室", "{lvl}人民政府办公室", "{lvl}政府办", "{lvl}编办", "{lvl}委编办", "{lvl}网信办",
    "{lvl}委网信办", "{lvl}大数据局", "{lvl}大数据中心", "{lvl}政务服务中心", "{lvl}政务公开服务中心",
    "{lvl}司法局", "{lvl}财政局", "{lvl}档案馆", "{lvl}保密局", "{lvl}融媒体中心", "{lvl}政务服务管理局",
    "{lvl}委宣传部", "{lvl}人大常委会", "{lvl}政协", "{prov}人民政府办公厅", "自治区人民政府办公厅",
    "省政府办公厅", "省政务公开办", "{city}人民政府办公室", "{city}政务服务和大数据管理局", "{city}司法局",
    "{lvl}委办公室", "{lvl}政府信息公开工作领导小组办公室", "{city}市场监督管理局", "{lvl}纪委监委",
]

# Platform patterns per kind: (pattern, weight). {org} is a short form of the agency, {city} the place,
# {brand} a two-character brand (环翠, 云川 …), {prov} a province short name.
PLATFORMS = {
    "website": ["{city}人民政府门户网站", "{city}人民政府网站", "{city}政府网站", "{full}门户网站", "{full}官方网站",
                "{org}政务网站", "{org}网站", "{brand}{topic}网", "{prov}政务服务网", "{city}政务服务网",
                "{prov}{topic}信息管理平台", "{prov}{topic}服务平台", "{city}政府信息公开平台", "{brand}在线",
                "{brand}人民议政网", "中国{topic}网"],
    "wechat": ["“{brand}{topic}”微信公众号", "{brand}{topic}微信公众号", "“{brand}发布”微信公众号", "{org}微信公众号",
               "“{brand}{topic}”公众号", "“{brand}发布”", "{brand}{topic}微信公众平台"],
    "weibo": ["{org}新浪微博", "{org}官方微博", "“{brand}发布”微博", "{brand}{topic}微博"],
    "newspaper": ["{brand}日报", "{prov}日报", "{topic}日报", "{brand}晚报", "{city}报", "{brand}{topic}报"],
    "gazette": ["{city}人民政府公报", "《{city}政报》", "{prov}政府公报", "{brand}政府公报"],
    "app": ["“云上{brand}”客户端", "云上{brand}", "“{brand}通”APP", "{brand}发布客户端", "“爱{brand}”APP",
            "{brand}融媒客户端"],
    "mini_program": ["“{brand}办事”小程序", "{brand}{topic}小程序", "“{slogan}”小程序"],
    "hotline": ["12345政务服务便民热线", "12345热线", "{city}12345热线", "12345政务服务热线", "{org}咨询热线"],
    "bulletin_board": ["{org}政务公开栏", "局政务公开栏", "政务公开栏", "{brand}便民服务中心公开栏",
                       "电子显示屏", "村务公开栏", "信息公开栏"],
    "video": ["“{brand}发布”抖音号", "“{brand}{topic}”视频号", "{brand}{topic}抖音号", "“{brand}发布”快手号"],
    "tv": ["{brand}电视台", "{city}广播电视台"],
    "other": ["“{brand}{topic}”政务号", "“{brand}发布”头条号", "{brand}{topic}政务号"],
}
# Generic mentions that a document uses for one of its own platforms (grouped as aliases in the labels).
GENERIC = {"website": ["政府网站", "门户网站", "政府门户网站", "{lvl}政府网站", "局网站", "官方网站", "政务网站"],
           "wechat": ["微信公众号", "官方微信", "政务微信"], "weibo": ["官方微博", "政务微博"],
           "app": ["客户端"], "hotline": ["12345热线"], "bulletin_board": ["公开栏"]}
TOPICS = {"科技局": "科技", "教育局": "教育", "民政局": "民政", "财政局": "财政", "人社局": "人社", "住建局": "住建",
          "交通运输局": "交通", "水利局": "水利", "农业农村局": "农业", "商务局": "商务", "文旅局": "文旅",
          "卫健委": "健康", "应急局": "应急", "审计局": "审计", "市场监管局": "市场监管", "统计局": "统计",
          "医保局": "医保", "林草局": "林草", "发改委": "发改", "工信局": "工信", "科技工信局": "科技",
          "司法局": "司法", "公安局": "警务", "生态环境局": "环境", "自然资源局": "自然资源"}
SLOGANS = ["万人助万企", "一网通办", "掌上办", "随手拍", "企业通", "惠企直通车", "政策计算器", "码上办"]
