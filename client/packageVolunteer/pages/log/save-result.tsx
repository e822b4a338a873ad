import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { RECORDS_PAGE } from '../../components/session'
import type { Draft } from './mediation-draft'
import type { Saved } from './use-mediation-log'

/** Back to 我的调解记录: the page it came from, else a fresh one. */
export function goToRecords(): void {
  const pages = Taro.getCurrentPages()
  const previous = pages.length > 1 ? pages[pages.length - 2] : null
  if (previous && String(previous.route ?? '').includes('packageVolunteer/pages/records')) void Taro.navigateBack()
  else void Taro.redirectTo({ url: RECORDS_PAGE })
}

/** After 保存 or 零上报: kept on the phone, uploaded, or sent back — and what to do next. */
export function SaveResult(props: { saved: Saved; editing: boolean; draft: Draft; onAnother: () => void }) {
  const { saved, draft } = props
  const uploaded = saved.state === 'uploaded'
  const bad = saved.state === 'rejected' || saved.state === 'conflict'
  const what = saved.kind === 'zero_report' ? '零上报' : props.editing ? '修改' : '这笔调解'
  const title =
    saved.state === 'saving'
      ? '已保存，正在上传…'
      : uploaded
        ? '已上传'
        : bad
          ? saved.state === 'conflict'
            ? '已保存，但有冲突'
            : '已保存，但被退回'
          : '已保存，待上传'
  return (
    <>
      <View className={`vol-result${uploaded ? '' : bad ? ' vol-result-bad' : ' vol-result-pending'}`} role='status' data-testid='save-result'>
        <Text className='vol-result-title' data-testid='save-result-title'>
          {title}
        </Text>
        <Text className='vol-result-note'>
          {uploaded
            ? `${what}已经交到县里的系统了。`
            : bad
              ? (saved.message ?? '请到“我的调解记录”里处理。')
              : `${what}存在手机上了，不会丢。有网时会自动上传，也可以在“我的调解记录”里下拉上传。`}
        </Text>
      </View>
      {saved.kind === 'mediation' && draft.outcome === 'success' && draft.involvesPayment && (
        <Text className='vol-legal'>记得提醒双方：协议涉及给付的，可在协议生效后 30 天内一起向人民法院申请司法确认。到时“我的调解记录”会提醒您回访。</Text>
      )}
      <View className='button vol-save' role='button' data-testid='log-another' onClick={props.onAnother}>
        再记一笔
      </View>
      <View className='button button-secondary' role='button' data-testid='open-records' onClick={goToRecords}>
        看我的调解记录
      </View>
    </>
  )
}
