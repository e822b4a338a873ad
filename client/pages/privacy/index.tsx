import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import {
  BOOKING_PERSONAL_DATA_DAYS,
  CORRECTION_CALLBACK_PHONE_DAYS,
  DISABLED_ACCOUNT_CONTACT_DAYS,
  IDEMPOTENCY_KEY_HOURS,
  PHONE_CODE_HOURS,
  LOGIN_DEVICE_DAYS,
  RATE_LIMIT_COUNTER_HOURS,
  REMINDER_RECORD_DAYS,
  SIGN_IN_DAYS,
} from '../../../contracts/retention'
import { HotlineButton } from '../../components/hotline-button'
import { DEVICE_BOOKINGS_MAX } from '../../services/device-bookings'
import { TOAST_TEXTS } from '../../services/interaction-texts'
import { PageShell } from '../../components/page-shell'

/**
 * 隐私说明: what the app collects, why, who sees it and how long it is kept. The numbers are the
 * ones the BFF's retention run applies (contracts/retention.ts); docs/privacy-guideline.md is the
 * same content for the WeChat console's 用户隐私保护指引. Change the three together.
 */
const sections: { heading: string; lines: string[] }[] = [
  {
    heading: '我们收集什么',
    lines: [
      '只收集办事必需的最少信息，不收集身份证号，不读取通讯录、相册和剪切板。下面逐项说明：用来做什么、谁能看到、保存多久。',
      '到期的信息由系统每天自动清理一次，在到期后一天之内删除。',
    ],
  },
  {
    heading: '位置（只用一次）',
    lines: [
      '您点“找最近的服务站”时，经您同意，取一次手机的位置（小程序用微信的定位，网页用浏览器的定位），只用来算出离您最近的服务站。',
      '位置用完就丢：不保存在服务器上，也不写进服务器日志。不分享位置，也可以按乡镇、村查找。',
      '服务站工作人员在“我的服务站”里点“我现在就在服务站”或在地图上选点时，这个点作为服务站的位置保存，并显示给所有找服务站的人：它是服务站的地址，不是个人的行踪。',
    ],
  },
  {
    heading: '剪切板',
    lines: ['您点“复制预约码”时，我们把预约码写进剪切板，方便您粘贴保存；网页版的报告页点“复制链接”时写入页面链接。', '我们只写入，从不读取剪切板里的内容。'],
  },
  {
    heading: '预约时填写的姓名、手机号和事项说明',
    lines: [
      '用途：服务站工作人员据此安排法律援助咨询、需要时给您打电话。代别人预约时，还会记下代办人的姓名和手机号，以及“本人已同意”。',
      '谁能看到：只有您所选服务站的工作人员。手机号在列表和页面上只显示前三位和后四位（如 138****1234）；工作人员需要给您回电时，才在自己的手机上点“回电”查看完整号码，每次查看都有记录（谁、什么时候），县司法局管理员能看到近 7 天的这些记录（号码只显示前三位和后四位）；每名工作人员每天最多查看 30 个预约的号码。',
      `保存多久：咨询时段结束 ${BOOKING_PERSONAL_DATA_DAYS} 天后，姓名、手机号（包括后四位）、事项说明、取消原因和代办人信息会被删除，之后这条预约不能再用预约码查询；只留下服务站、时间、事项类别和状态，用于统计。`,
      `为让每个服务站的名额公平（同一网络、同一手机号在一个服务站每天和两周内能约的个数有上限），每条预约还记下提交时网络地址的加密摘要（不能反推出地址），咨询时段结束 ${BOOKING_PERSONAL_DATA_DAYS} 天后和姓名、手机号一起删除。工作人员看不到这个地址；遇到恶意占号，服务站可以取消同一手机号或同一网络的预约，并写明原因，您查预约时能看到。`,
      `为防止重复提交，提交时的预约结果保存 ${IDEMPOTENCY_KEY_HOURS} 小时后删除；为防止有人恶意刷预约，按 IP 地址、手机号和预约码的计数约 ${RATE_LIMIT_COUNTER_HOURS} 小时后删除。`,
    ],
  },
  {
    heading: '短信（仅在本服务开通短信时）',
    lines: [
      '开通短信时，网页上预约和“用手机验证码查”预约要先验证手机号：我们把 6 位验证码发到您填的手机号，5 分钟内有效，只能在要验证码的这个页面上试，最多试 5 次。',
      '短信由县里选用的短信服务商（腾讯云短信或阿里云短信，二选一；获取验证码时页面上会写明是哪一家）发出：服务商收到的是手机号和短信内容（验证码；预约成功和前一天的提醒里是服务站名称、时间和预约码），不收到姓名和事项说明。验证过手机号的网页预约，预约成功和咨询前一天的提醒也用短信发给您。',
      `服务器不保存验证码和用来发验证码的手机号本身，只保存它们经过加密运算的摘要（不能反推出号码），连同请求的网络地址的摘要，用来限制发送次数，发出 ${PHONE_CODE_HOURS} 小时后删除。`,
      `在小程序里预约不需要验证码：用的是微信身份。为防止有人恶意刷预约，按微信身份计数时只用 openid 的摘要，不保存 openid 本身；计数约 ${RATE_LIMIT_COUNTER_HOURS} 小时后删除。`,
    ],
  },
  {
    heading: '报告服务站信息有误',
    lines: [
      '在服务站页面点“信息有误？”时，您写下哪一项不对和说明，不需要登录，也不需要填姓名。',
      `回电号码可以不填；填了的话，只给县司法局核实信息的管理员用来给您回电，在所有页面都只显示前三位和后四位，${CORRECTION_CALLBACK_PHONE_DAYS} 天后删除。说明的文字留作核实记录。`,
      `为防止有人恶意刷报告，按 IP 地址的计数约 ${RATE_LIMIT_COUNTER_HOURS} 小时后删除。`,
    ],
  },
  {
    heading: '微信 openid（仅小程序，仅在您允许提醒时）',
    lines: [
      '确认预约时，如果您在微信弹窗里点了“允许”接收提醒，我们通过微信登录取得您在本小程序里的 openid（一串编号，不是微信号，也不含姓名、头像），只用来在咨询前一天发一条提醒。不允许也照样能预约。',
      `咨询时段开始后，预约里的 openid 即被清除；提醒的发送记录保存 ${REMINDER_RECORD_DAYS} 天后删除。`,
    ],
  },
  {
    heading: '法律明白人和工作人员的账号',
    lines: [
      '法律明白人的姓名、手机号、所在乡镇和村由县司法局登记；在小程序里第一次登录时，账号会绑定微信 openid，以后免输邀请码。工作人员账号只有用户名和显示名。',
      `每次登录 ${SIGN_IN_DAYS} 天有效，退出登录或到期后，登录记录在一天内删除。账号停用 ${DISABLED_ACCOUNT_CONTACT_DAYS} 天后，手机号和微信绑定被删除，姓名作为调解记录的登记人保留。`,
      `工作人员和县司法局管理员用密码登录成功后，这台手机会得到一串随机的“常用设备”凭证，服务器只存它的摘要（看不出原文），用来在有人恶意大量登录时让这台手机照样能登录；它不能代替密码。最后一次在这台手机上登录 ${LOGIN_DEVICE_DAYS} 天后失效，改密码或账号停用时立即作废，失效后一天内删除。`,
    ],
  },
  {
    heading: '调解记录里的当事人',
    lines: [
      '法律明白人记录调解时，当事人只保存姓，名字用 * 代替（如“张*”），全名不会存到手机或服务器上；简要情况里如果写了手机号，会自动隐去中间四位，身份证号会被删掉。请不要在简要情况里写全名和住址。',
      '谁能看到：记录的法律明白人本人、所在乡镇服务站和县公共法律服务中心的工作人员、县司法局管理员。统计里少于 5 件的数字只显示“<5”，避免认出是谁。',
      '保存多久：调解记录是县里的人民调解工作台账，系统不会自动删除，由县司法局按档案管理的要求保管和处理。',
    ],
  },
  {
    heading: '保存在手机上的内容',
    lines: [
      '· 字号设置。',
      '· 首页的公开内容（县名、最新报告的摘要和数字、服务站名录是否最新），断网时照样能看首页；不含预约、回访和位置。',
      `· 在这台手机上预约的预约码、手机号后四位、服务站和时间（最多 ${DEVICE_BOOKINGS_MAX} 条），用来在“我的”里查看预约；可以在“我的”里逐条“从这台手机上删掉”。`,
      '· 工作人员、法律明白人的登录信息；退出登录即删除。',
      `· 工作人员、管理员的“常用设备”凭证（一串随机字符，不含用户名和密码）；退出登录后仍保留，下次登录时用，${LOGIN_DEVICE_DAYS} 天不在这台手机上登录即失效。`,
      '· 法律明白人尚未上传的调解记录和回访（断网时不丢失，上传成功后删除）、最近记录的副本（退出登录即删除）。',
      '要全部清除：小程序里，在微信“最近使用”中删除本小程序；网页里，清除浏览器的网站数据。',
    ],
  },
  { heading: '服务器日志', lines: ['服务器日志只记下访问了哪一类功能（如“查询预约”）和是否成功，不记位置、姓名、手机号（包括后四位）或完整的预约码。'] },
  {
    heading: '联系我们',
    lines: ['对个人信息有疑问，可以拨打 12348 公共法律服务热线，或到预约的服务站咨询。咨询之前，预约可以用预约码和手机号后四位自己取消。'],
  },
]

/** WeChat's own page for the 用户隐私保护指引 (base library ≥ 2.32.3); the guideline is in the console. */
function openGuideline(): void {
  if (typeof Taro.openPrivacyContract !== 'function') {
    void Taro.showToast(TOAST_TEXTS.updateWechat)
    return
  }
  Taro.openPrivacyContract({
    fail: () => {
      void Taro.showToast(TOAST_TEXTS.openLater)
    },
  })
}

export default function PrivacyPage() {
  return (
    <PageShell>
      <Text className='title'>隐私说明</Text>
      {sections.map((section) => (
        <View className='card' key={section.heading}>
          <Text className='subtitle'>{section.heading}</Text>
          {section.lines.map((line) => (
            <Text className='text' key={line}>
              {line}
            </Text>
          ))}
        </View>
      ))}
      {process.env.TARO_ENV === 'weapp' && (
        <View className='button button-secondary' role='button' data-testid='privacy-contract' onClick={openGuideline}>
          查看《用户隐私保护指引》
        </View>
      )}
      <HotlineButton secondary />
    </PageShell>
  )
}
