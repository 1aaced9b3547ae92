package dandang

import "slices"

// Rule is one rule of the library's specification, DOMAIN.md, as the
// module ships it: for help texts, refusals that explain themselves and
// reports that cite what they applied.
type Rule struct {
	ID        string // such as "CL06"
	Process   string // "accusation", "clearance", "tolerance", "followup", or "" for a rule shared by all (XC)
	SummaryZh string // one sentence in Simplified Chinese
	SummaryEn string // one sentence in English
	Source    string // seed prefixes and national rules cited, such as "000, 004"; "" where DOMAIN.md cites none
	Policy    bool   // the rule differs by place and is data in a Policy
}

// rules are the rules of DOMAIN.md in document order.
var rules = []Rule{
	{
		ID: "AC01", Process: "accusation", Source: "004",
		SummaryZh: "举报分为实名举报和匿名举报，提倡实名举报。",
		SummaryEn: "A report is named or anonymous, and named reporting is encouraged.",
	},
	{
		ID: "AC02", Process: "accusation", Source: "001, 004",
		SummaryZh: "按每一具体问题作出属实、部分属实或失实的结论，所有问题都有结论时举报件办结。",
		SummaryEn: "Findings are made per allegation (substantiated, partly substantiated or unfounded), and a report is concluded when every allegation has one.",
	},
	{
		ID: "AC03", Process: "accusation", Source: "001, 004", Policy: true,
		SummaryZh: "向实名举报人当面反馈办理结果（如三见面三反馈），每次反馈都是有期限的记录步骤。",
		SummaryEn: "A named reporter gets feedback in person on the outcome (as in \"three meetings, three feedbacks\"), each feedback a recorded step with a deadline.",
	},
	{
		ID: "AC04", Process: "accusation", Source: "004; national rules, 1996", Policy: true,
		SummaryZh: "任何单位和个人不得擅自追查举报人，追查诬告陷害须由县级以上纪检监察机关实施，举报人身份密封，每次查阅都记录查阅人、目的和授权。",
		SummaryEn: "No one may trace a reporter on their own: tracing for a malicious false accusation is done by an organ at county level or above, and every read of the sealed identity records the reader, the purpose and the authorization.",
	},
	{
		ID: "AC05", Process: "accusation", Source: "003", Policy: true,
		SummaryZh: "对短期内多人内容相同、借换届选举诬陷、借举报施压谋私、伪造证据等疑似诬告的举报进行筛查标记，只供审查，不作定性。",
		SummaryEn: "Screening flags suspected malicious reports for review, never as a verdict: identical reports from many reporters in a short time, smears around elections, pressure for private ends, forged evidence.",
	},
	{
		ID: "AC06", Process: "accusation", Source: "004",
		SummaryZh: "失实举报分为错告、检举失实（误告）和诬告陷害三类，分别处理。",
		SummaryEn: "Unfounded reports are of three kinds kept apart: mistaken target or facts, inaccurate report, and malicious false accusation.",
	},
	{
		ID: "AC07", Process: "accusation", Source: "004",
		SummaryZh: "认定诬告陷害须同时具备存在主观故意、侵犯被反映人人身或政治权利并在一定范围造成不良影响、达到追责标准三个要件，没有主观故意的属错告或误告。",
		SummaryEn: "Malicious false accusation is established only when intent, harm to the subject's personal or political rights with adverse effect, and the threshold for accountability are all found; without intent it is a mistaken or inaccurate report.",
	},
	{
		ID: "AC08", Process: "accusation", Source: "004",
		SummaryZh: "认定坚持依规依纪依法、实事求是、慎重严格，既不冤枉好人，也不放过坏人。",
		SummaryEn: "Determination goes by rules, discipline and law, seeks truth from facts, is careful and strict, and neither wrongs the innocent nor lets the guilty go.",
	},
	{
		ID: "AC09", Process: "accusation", Source: "004", Policy: true,
		SummaryZh: "按诬告者身份处理：党员视情节给予组织处理或党纪处分，公职人员或党政领导干部触犯刑法或治安管理处罚法的依法追究责任。",
		SummaryEn: "Sanction depends on who the accuser is: a party member gets organizational handling or party discipline by severity, and a public official or leading cadre who breaks the criminal law or the public security administration law answers under that law.",
	},
	{
		ID: "AC10", Process: "accusation", Source: "003",
		SummaryZh: "手段恶劣、造成不良影响，或调查已有明确结论仍继续诬告的，从重处理。",
		SummaryEn: "Handling is heavier where the means were vile and caused bad effect, or where the accuser went on accusing after the investigation reached a clear conclusion.",
	},
	{
		ID: "AC11", Process: "accusation", Source: "003, 004",
		SummaryZh: "深挖策划、指使者，对诬告者批评教育，并通报曝光典型案例。",
		SummaryEn: "Beyond the accuser, organizers and instigators are pursued, the accuser is educated, and typical cases are published.",
	},
	{
		ID: "AC12", Process: "accusation", Source: "004",
		SummaryZh: "诬告陷害一经认定即双向联动：为被诬告者澄清正名，对诬告者依规依纪依法处理。",
		SummaryEn: "An established malicious accusation links both ways: the accused is cleared and the accuser is handled.",
	},
	{
		ID: "AC13", Process: "accusation", Source: "001",
		SummaryZh: "公检法等机关信息共享、协同处置诬告陷害，移送作为记录接收机关的步骤。",
		SummaryEn: "Police, procuratorate, courts and other bodies share information and act together on false accusation, and a referral is a recorded step naming the receiving body.",
	},
	{
		ID: "AC14", Process: "accusation", Source: "national rules on handling reports, 2020", Policy: true,
		SummaryZh: "收到实名举报后15个工作日内告知受理情况（重复举报除外），办结后15个工作日内告知办理结果，异议记录并答复；属上级管辖的5个工作日内报送，下转的举报5个工作日内登记受理或转办。",
		SummaryEn: "A named reporter is told of acceptance within 15 working days of receipt (not for a repeat report) and of the result within 15 working days of closing, objections are answered, and a report is passed up, or registered when passed down, within 5 working days.",
	},
	{
		ID: "AC15", Process: "accusation", Source: "",
		SummaryZh: "受理的举报按谈话函询、初步核实、暂存待查、予以了结或立案审查处置，每件举报只登记一次，重复举报登记存档，不作新件处理。",
		SummaryEn: "An accepted report is disposed of by talk or written inquiry, preliminary verification, shelving pending, closing or formal investigation, with one register entry per report; a repeat report is registered and filed, not handled again as new.",
	},
	{
		ID: "AC16", Process: "accusation", Source: "",
		SummaryZh: "举报人的姓名、单位、住址和举报内容严格保密，不得透露给被举报人，宣传举报人须经本人同意。",
		SummaryEn: "The reporter's name, unit, address and the report's content are confidential and never reach the accused, and publicity about a reporter needs the reporter's consent.",
	},
	{
		ID: "AC17", Process: "accusation", Source: "national practice", Policy: true,
		SummaryZh: "认定诬告陷害须经设区市级以上批准，被反映人为省管干部的须经省级批准，既不能证实也不能排除的问题不得启动诬告陷害调查。",
		SummaryEn: "Finding malicious false accusation needs approval at city level or above, at province level where the accused is province-managed, and a matter that can be neither verified nor excluded may not start a false-accusation inquiry.",
	},
	{
		ID: "AC18", Process: "accusation", Source: "disciplinary regulations 2023, art. 59; administrative sanctions law, art. 32(4); public security administration law; criminal law, art. 243",
		SummaryZh: "默认处分阶梯：党员从警告、严重警告直至开除党籍，公职人员从警告、记过、记大过直至开除，其他人员移送公安机关，涉嫌犯罪的移送司法机关（只记录移送，不记录判决），诬告所得利益予以纠正。",
		SummaryEn: "The default sanction ladders run from warning to expulsion for party members and public officials, anyone else goes to the police and a suspected crime to the judicial organs (recorded as a referral, never a sentence), and gains from the false accusation are undone.",
	},
	{
		ID: "CL01", Process: "clearance", Source: "003",
		SummaryZh: "举报件办结且至少一项问题失实的，无论出于恶意还是误解，都启动澄清正名工作。",
		SummaryEn: "Clearance starts once a report is concluded with at least one allegation unfounded, whether by malice or by misunderstanding.",
	},
	{
		ID: "CL02", Process: "clearance", Source: "000",
		SummaryZh: "澄清是常态、不澄清是例外，不予澄清须在调查报告中说明理由并经委领导批准。",
		SummaryEn: "Clearing is the rule and not clearing the exception: a decision not to clear states its reason in the investigation report and needs a committee leader's approval.",
	},
	{
		ID: "CL03", Process: "clearance", Source: "000, 001",
		SummaryZh: "每起案件一件一议（一事一议）。",
		SummaryEn: "Each case is weighed on its own.",
	},
	{
		ID: "CL04", Process: "clearance", Source: "001, 004",
		SummaryZh: "澄清只针对失实的具体问题，不对被反映人作整体评价，也不对失实的主观故意作全面评价，属实或部分属实的问题一律不得澄清。",
		SummaryEn: "Clearance covers only the specific unfounded allegations, never an overall evaluation of the subject nor a judgment of intent, and a substantiated or partly substantiated allegation can never be cleared.",
	},
	{
		ID: "CL05", Process: "clearance", Source: "000, 004",
		SummaryZh: "澄清方式有书面（送达《澄清通知书》或《澄清正名通知书》）、当面、会议和通报，可以结合使用。",
		SummaryEn: "Clearance is written (a notice served), face to face, at a meeting or by circular, and forms can be combined.",
	},
	{
		ID: "CL06", Process: "clearance", Source: "000, 004",
		SummaryZh: "以会议或通报方式公开澄清前，征求并记录澄清对象的意见，选择方式兼顾本人意愿和澄清效果。",
		SummaryEn: "Before a meeting or circular clearance the subject's opinion is sought and recorded, and the choice of form weighs the subject's wishes and the likely effect.",
	},
	{
		ID: "CL07", Process: "clearance", Source: "001, 004", Policy: true,
		SummaryZh: "澄清须经审批，如乡镇提出、主要负责人审核、县级信访举报部门批准，或承办部门自审、指导部门联审、分管领导终审。",
		SummaryEn: "Clearance needs approval, such as a township proposal, review by its principal leader and approval by the county petition and reporting department, or self-review, joint review and a final decision by the leader in charge.",
	},
	{
		ID: "CL08", Process: "clearance", Source: "000, 001", Policy: true,
		SummaryZh: "实名举报件分为待定、疑似、重点三级，由信访室、纪检监察室、审理室三室会审，优先关注干事担当的干部和群众关注度高的领域。",
		SummaryEn: "Named reports are graded pending, suspected or key and reviewed jointly by the petition, supervision and trial offices, putting first the cadres who work hard and the areas of high public concern.",
	},
	{
		ID: "CL09", Process: "clearance", Source: "000",
		SummaryZh: "联合小组从核查彻底性、处置精准度和程序规范性三方面评查已办结举报件的质量。",
		SummaryEn: "A joint group scores concluded reports on thoroughness of verification, precision of disposal and regularity of procedure.",
	},
	{
		ID: "CL10", Process: "clearance", Source: "002",
		SummaryZh: "澄清工作分三阶段监督：审核方案，跟踪进度（逾期挂号督办、约谈），回访检验效果。",
		SummaryEn: "Clearance is supervised in three stages: the plan is reviewed, progress is tracked (with registered supervision and formal talks when late), and the effect is checked by follow-up.",
	},
	{
		ID: "CL11", Process: "clearance", Source: "002", Policy: true,
		SummaryZh: "举报件办结后澄清一刻也不能耽搁，每个步骤都有期限，逾期的案件列入督办。",
		SummaryEn: "Nothing defers a clearance once the report is concluded: each step has a deadline, and a case past it is listed for supervision.",
	},
	{
		ID: "CL12", Process: "clearance", Source: "001, 004",
		SummaryZh: "澄清通知书送达本人并抄送其单位主要负责人，向实名举报人反馈，澄清材料录入举报平台并归入廉政档案和人事档案。",
		SummaryEn: "The notice is served on the subject and copied to the head of the subject's unit, the named reporter gets feedback, and the clearance material goes onto the reporting platform and into the integrity and personnel files.",
	},
	{
		ID: "CL13", Process: "clearance", Source: "004",
		SummaryZh: "澄清后适时开展回访，全程听取澄清对象的意见。",
		SummaryEn: "After clearance, follow-up visits come in due time and the subject is heard throughout.",
	},
	{
		ID: "CL14", Process: "clearance", Source: "000",
		SummaryZh: "开展集中澄清月和大起底、回头看，找出应澄清而未澄清的案件，做到应澄尽澄。",
		SummaryEn: "A concentrated clearance month and a sweep of reports concluded since a date find the cases that should have been cleared, so that all that should be cleared is.",
	},
	{
		ID: "CL15", Process: "clearance", Source: "national rules, 2020, art. 50",
		SummaryZh: "谁核实谁澄清，在干部管理权限内进行，澄清须经本机关主要负责人批准。",
		SummaryEn: "Whoever verified the report does the clearing within the management authority over the subject, and the organ's principal leader approves the clearance.",
	},
	{
		ID: "CL16", Process: "clearance", Source: "national opinion on clearance, 2020",
		SummaryZh: "会议、当面和通报澄清都同时辅以书面澄清。",
		SummaryEn: "Meeting, face-to-face and circular clearance each come with a written clearance as well.",
	},
	{
		ID: "CL17", Process: "clearance", Source: "provincial rules", Policy: true,
		SummaryZh: "失实举报影响了任用、选举、调动、评优、权益或生活，或有明确结论后仍反复举报的，应予澄清；未造成不良影响或问题既不能证实也不能排除的，不予澄清；由承办部门征求本人意见后提出，或由本人书面申请。",
		SummaryEn: "Clearance is warranted where the false report affected the subject's appointment, election, transfer, honours, rights or daily life, or reports went on after a clear conclusion, and not where there was no adverse effect or the matter can be neither verified nor excluded; it is proposed after consulting the subject or applied for in writing.",
	},
	{
		ID: "CL18", Process: "clearance", Source: "county practice", Policy: true,
		SummaryZh: "澄清经批准后5个工作日内实施，认为不宜澄清的向本人说明理由。",
		SummaryEn: "An approved clearance is carried out within 5 working days, and where clearance is judged unsuitable the subject is told why.",
	},
	{
		ID: "CL19", Process: "clearance", Source: "",
		SummaryZh: "本人书面申请或大起底、回头看发现应澄清而未澄清的，重新审议不予澄清的案件，新决定计入同一案件历史，适用相同的审批规则。",
		SummaryEn: "A declined case is reconsidered when the subject applies in writing or a sweep finds it should have been cleared, and the new decision joins the same case history under the same approval rules.",
	},
	{
		ID: "CL20", Process: "clearance", Source: "",
		SummaryZh: "后续认定已澄清的问题属实的，以记录在案的决定连同新结论撤销澄清，告知通知书接收方并停止由此开展的回访，原有记录不删除。",
		SummaryEn: "Where a later finding substantiates a cleared allegation, the clearance is revoked by a recorded decision with the new finding, the notice's recipients are told, its follow-up stops, and nothing earlier is erased.",
	},
	{
		ID: "CL21", Process: "clearance", Source: "000, 004",
		SummaryZh: "本人同意涵盖公开澄清的方式和范围，扩大任一项须重新征得同意；实施前本人可以撤回同意或拒绝公开澄清，书面澄清仍然保留。",
		SummaryEn: "Consent covers the forms and scope of a public clearance and widening either needs consent again; the subject may withdraw consent before it is carried out or refuse public clearance, and the written clearance remains.",
	},
	{
		ID: "CL22", Process: "clearance", Source: "",
		SummaryZh: "案件结束前澄清对象调任其他机关管理的职务的，以记录在案的交接移交该机关，期限连续计算。",
		SummaryEn: "Where the subject moves to a post under another organ's management authority before the case ends, the case is handed over with a recorded handover and deadlines run on.",
	},
	{
		ID: "CL23", Process: "clearance", Source: "004",
		SummaryZh: "同一举报的多名澄清对象可以在同一会议或通报中一并澄清，各自保留案件；有误的通知书以新通知书取代，新旧都予保留。",
		SummaryEn: "Several subjects of one report may be cleared together in one meeting or circular while each keeps its own case, and a wrong notice is superseded by a new one with both kept.",
	},
	{
		ID: "FT01", Process: "tolerance", Source: "",
		SummaryZh: "以三个区分开来统领每项决定：区分缺乏经验的改革失误与明知故犯、尚无明令禁止的探索与明令禁止后的违规、推动发展的无意过失与谋取私利的违纪违法。",
		SummaryEn: "The three distinctions frame every decision: a mistake from inexperience in reform against a knowing violation, a trial not yet forbidden against a violation after it was forbidden, and an unintended mistake for development against a violation for private gain.",
	},
	{
		ID: "FT02", Process: "tolerance", Source: "001",
		SummaryZh: "须回答为公还是谋私、过失还是故意、担当还是懈怠、敢为还是乱为。",
		SummaryEn: "The questions to answer are public interest or private gain, negligence or intent, taking responsibility or slacking, daring or recklessness.",
	},
	{
		ID: "FT03", Process: "tolerance", Source: "001",
		SummaryZh: "逐案综合考量动机态度、客观条件、程序履行、问题性质、后果影响和挽回措施。",
		SummaryEn: "Motive and attitude, objective conditions, procedure followed, nature of the problem, consequences and remediation are weighed case by case.",
	},
	{
		ID: "FT04", Process: "tolerance", Source: "001", Policy: true,
		SummaryZh: "排除情形一律不予容错，如政绩观错位，搞形象工程、政绩工程。",
		SummaryEn: "Excluded situations, such as image and vanity projects from a wrong view of achievements, are never tolerated.",
	},
	{
		ID: "FT05", Process: "tolerance", Source: "001",
		SummaryZh: "谁追责问责、谁认定容错，启动追责问责时同步研判容错，不得以容错推翻已作出的问责决定（防止翻烧饼）。",
		SummaryEn: "Whoever pursues accountability decides tolerance and assesses it as soon as accountability starts, and tolerance may not reverse an accountability decision already made.",
	},
	{
		ID: "FT06", Process: "tolerance", Source: "001",
		SummaryZh: "与组织、审计、政法、信访等部门联合会商，复杂案件请专家组论证。",
		SummaryEn: "Tolerance is weighed in joint consultation with the organization, audit, political-legal and petition bodies, with an expert group for complex cases.",
	},
	{
		ID: "FT07", Process: "tolerance", Source: "001",
		SummaryZh: "结果为容错免责（出具《容错免责决定书》）、从轻或减轻处理，或者不予容错。",
		SummaryEn: "The outcome is exemption with a written decision, lighter or mitigated handling, or no tolerance.",
	},
	{
		ID: "FT08", Process: "tolerance", Source: "001", Policy: true,
		SummaryZh: "按工作领域制定容错清单，如营商环境工作的容错条件。",
		SummaryEn: "Domain checklists set the conditions for tolerance, such as those for business environment work.",
	},
	{
		ID: "FT09", Process: "tolerance", Source: "001",
		SummaryZh: "坚持从严问责，容错不放松对真正违纪违法行为的执纪。",
		SummaryEn: "Strict accountability stays: tolerance never loosens discipline for real violations.",
	},
	{
		ID: "FT10", Process: "tolerance", Source: "party accountability regulations 2019, arts. 17–18",
		SummaryZh: "符合三个区分开来、对错误的集体决策提出反对或保留意见、尽职仍因不可抗力或难以预见的原因造成损失的，可以不予问责；挽回损失、消除影响、配合调查的，可以从轻或减轻问责。",
		SummaryEn: "Accountability is waived on the three distinctions, an objection to a wrong collective decision, or losses from force majeure or unforeseeable causes despite due diligence, and lightened or mitigated where losses are recovered, effects removed or the inquiry helped.",
	},
	{
		ID: "FT11", Process: "tolerance", Source: "", Policy: true,
		SummaryZh: "典型容错条件须同时具备：无明令禁止，属改革探索或先行先试，勤勉尽责且无主观故意，出于公心，经民主或集体决策程序，未谋取不正当利益，及时纠错或挽回损失。",
		SummaryEn: "Typical conditions, all required in some provinces, are no express prohibition, reform or a first trial, diligence without intent, the public interest, proper procedure, no improper benefit, and the error corrected or losses recovered.",
	},
	{
		ID: "FT12", Process: "tolerance", Source: "",
		SummaryZh: "经容错的失误不作负面评价，不影响提拔、考核、评优和推荐候选人。",
		SummaryEn: "A tolerated mistake carries no negative evaluation and leaves promotion, appraisal, honours and candidacies unaffected.",
	},
	{
		ID: "FU01", Process: "followup", Source: "001, 004",
		SummaryZh: "回访对象为一定时间以来受到第一、第二种形态处理的党员干部、受处分干部和被澄清对象。",
		SummaryEn: "Those followed up are party members and cadres handled under the first or second form since a date, disciplined cadres and cleared subjects.",
	},
	{
		ID: "FU02", Process: "followup", Source: "001",
		SummaryZh: "每年开展回访教育周活动。",
		SummaryEn: "An annual follow-up education week is held.",
	},
	{
		ID: "FU03", Process: "followup", Source: "001",
		SummaryZh: "因人施策：有抵触或不理解的讲政策，有压力或顾虑的做疏导，消极懈怠的给激励。",
		SummaryEn: "The approach fits the person: policy is explained to the resistant, the worried are counselled, and the slack are encouraged.",
	},
	{
		ID: "FU04", Process: "followup", Source: "001, 004",
		SummaryZh: "一人一策、一病一方、一访一档、一人一档。",
		SummaryEn: "Each person gets a plan, each problem its help, each visit a record and each person a file.",
	},
	{
		ID: "FU05", Process: "followup", Source: "002, 004",
		SummaryZh: "回访方式有单独谈话、定期走访和电话回访，可同时回访本人和单位（双回访），或一人四访：本人、所在组织主要负责人、同事和家属亲友。",
		SummaryEn: "Follow-up is by a meeting alone, scheduled visits or phone calls, may visit both the person and the unit, or four ways: the person, their organization's principal leader, colleagues, and family and friends.",
	},
	{
		ID: "FU06", Process: "followup", Source: "001",
		SummaryZh: "回访结果如实报告党委和组织部，作为恢复党员权利、考核和提拔使用的依据，影响期满且表现优秀的干部可以推荐提拔。",
		SummaryEn: "Results are reported truthfully to the party committee and the organization department and used for restoring party rights, appraisal and promotion, and a cadre whose discipline period has run out and who performs well may be recommended for promotion.",
	},
	{
		ID: "FU07", Process: "followup", Source: "disciplinary regulations 2023, art. 10; administrative sanctions law, art. 8", Policy: true,
		SummaryZh: "影响期自处分决定生效之日起计算、期满自动解除：党内警告1年、严重警告18个月、撤销党内职务2年，政务警告6个月、记过12个月、记大过18个月、降级或撤职24个月。",
		SummaryEn: "Discipline periods that bound promotion run from the day the decision takes effect and end by themselves: party warning 1 year, serious warning 18 months, removal from party posts 2 years; administrative warning 6 months, demerit 12, major demerit 18, demotion or dismissal from post 24.",
	},
	{
		ID: "FU08", Process: "followup", Source: "local practice", Policy: true,
		SummaryZh: "谁处分谁回访，至少两人回访，每年至少一次并在期满时回访一次，每次评定为好、一般或较差，评定为好的向组织部出具评价意见。",
		SummaryEn: "Whoever imposed the discipline does the follow-up, with at least two visitors, at least one visit a year and one when the period ends, each visit rated good, average or poor, and a good rating yields an appraisal for the organization department.",
	},
	{
		ID: "XC01", Process: "", Source: "",
		SummaryZh: "每次状态变更记录操作人（角色、机关）、时间、理由和所适用的规则编号，历史只增不改、防篡改，可全程验证。",
		SummaryEn: "Every change of state records who, when, why and the rule IDs it applied, in an append-only, tamper-evident history that verifies end to end.",
	},
	{
		ID: "XC02", Process: "", Source: "",
		SummaryZh: "操作人只能在本机关的层级、权限和本人角色范围内行事，拒绝时说明依据的规则。",
		SummaryEn: "An actor acts only within their organ's level and authority and their role, and a refusal says which rule refused.",
	},
	{
		ID: "XC03", Process: "", Source: "", Policy: true,
		SummaryZh: "期限按工作日计算，日历包含法定节假日和调休上班日。",
		SummaryEn: "Deadlines count working days on a calendar that knows public holidays and the weekend days worked in their place.",
	},
	{
		ID: "XC04", Process: "", Source: "",
		SummaryZh: "按种子材料的口径统计澄清对象（人员和党组织）和查处的诬告陷害（件数和人数），可按机关、层级和期间汇总。",
		SummaryEn: "Statistics count subjects cleared (persons and organizations) and malicious accusations handled (cases and persons) as the seeds publish them, by organ, level and period.",
	},
	{
		ID: "XC05", Process: "", Source: "",
		SummaryZh: "公开文本中人名以姓加某或某某表示（王某某、史某），复姓完整保留（欧阳某某）。",
		SummaryEn: "Public texts name people by surname plus 某 or 某某 (王某某, 史某), keeping compound surnames whole (欧阳某某).",
	},
	{
		ID: "XC06", Process: "", Source: "",
		SummaryZh: "错误输入返回明确的类型化错误，指明字段和规则，且不改变任何数据。",
		SummaryEn: "Bad input gets a clear, typed error naming the field and the rule, and changes nothing.",
	},
	{
		ID: "XC07", Process: "", Source: "",
		SummaryZh: "机关及其层级、地区和上级取自宿主系统的机构目录，从不采信调用方的声明，县级批准指目录中承办机关在县级的上级机关批准。",
		SummaryEn: "Organs, with their level, region and superior, come from the host's directory and never from what the caller asserts, so approval at county level means by the handling organ's county-level superior in the tree.",
	},
	{
		ID: "XC08", Process: "", Source: "",
		SummaryZh: "职责分离：同一审批链中一人不得签署两次，不得审批本人提出的事项，联审须有所列各部门的不同签署人。",
		SummaryEn: "No one signs twice in one approval chain or approves what they proposed themselves, and a joint review needs distinct signers from each office it names.",
	},
	{
		ID: "XC09", Process: "", Source: "",
		SummaryZh: "命令只能在流程状态转换表列明的状态下执行，拒绝时说明当前状态和该状态下允许的命令。",
		SummaryEn: "A command is allowed only in the states the process's transition table lists for it, and a refusal names the current state and the commands allowed there.",
	},
	{
		ID: "XC10", Process: "", Source: "State Council rules on public holidays, as amended in 2024",
		SummaryZh: "期限落在日历尚无官方安排的年份的，仅按法定节假日计算，标记为临时，并列出以便官方安排载入后重新确定。",
		SummaryEn: "A deadline in a year for which the calendar holds no official schedule is counted on the statutory holidays alone, marked provisional and listed for re-dating once the schedule is loaded.",
	},
	{
		ID: "XC11", Process: "", Source: "",
		SummaryZh: "更正从不删除：错误的决定以说明理由的新决定撤销或重新审议，原有记录保留并仍可验证，案件存储状态与其历史绑定。",
		SummaryEn: "Corrections never erase: a wrong decision is revoked or reconsidered by a new recorded decision citing the reason, earlier records stay and still verify, and a case's stored state is bound into its history.",
	},
}

// Rules returns every rule of the specification in the order DOMAIN.md
// gives them: AC01 to AC18, CL01 to CL23, FT01 to FT12, FU01 to FU08 and
// XC01 to XC11. The slice is new on each call; changing it changes nothing
// else.
func Rules() []Rule {
	return slices.Clone(rules)
}

// RuleByID returns the rule with the given ID, such as "CL06", and whether
// there is one. IDs are matched exactly.
func RuleByID(id string) (Rule, bool) {
	i := slices.IndexFunc(rules, func(r Rule) bool { return r.ID == id })
	if i < 0 {
		return Rule{}, false
	}
	return rules[i], true
}
