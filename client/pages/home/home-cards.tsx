import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { pageUrl } from '../../../contracts/app-pages'
import type { HomeResponse } from '../../../contracts/home'
import { figurePhrase, formatFigureValue } from '../../../contracts/report-text'
import { bookingLookupPath, bookingWhen, followUpLine, FOLLOW_UPS_SHOWN, VOLUNTEER_RECORDS_URL } from '../../services/home'

/** 首页's cards about the person on this phone and the county's latest report. */

/** 我的下一次预约: opens its look-up. */
export function NextBookingCard(props: { booking: NonNullable<HomeResponse['nextBooking']>; personal: HomeResponse['personal'] }) {
  const { booking } = props
  return (
    <View className='card card-accent' data-testid='next-booking' onClick={() => void Taro.navigateTo({ url: bookingLookupPath(booking.code) })}>
      <Text className='muted'>我的下一次预约</Text>
      <Text className='subtitle'>{booking.stationName}</Text>
      <Text className='text'>{bookingWhen({ slotStart: booking.slotStart, now: new Date() })}</Text>
      <Text className='muted'>预约码 {booking.code}</Text>
      {props.personal === 'unavailable' && <Text className='muted'>暂时查不到这个预约的最新状态</Text>}
    </View>
  )
}

/** 法律明白人: the 回访 due, the first few named. */
export function FollowUpsCard(props: { followUps: HomeResponse['followUps'] }) {
  return (
    <View className='card card-accent' data-testid='follow-ups' onClick={() => void Taro.navigateTo({ url: VOLUNTEER_RECORDS_URL })}>
      <Text className='muted'>法律明白人</Text>
      <Text className='subtitle' data-testid='follow-ups-count'>{`待回访 ${props.followUps.length} 件`}</Text>
      {props.followUps.slice(0, FOLLOW_UPS_SHOWN).map((followUp) => (
        <Text className='text' key={`${followUp.recordId}-${followUp.kind}`}>
          {followUpLine({ followUp, now: new Date() })}
        </Text>
      ))}
      {props.followUps.length > FOLLOW_UPS_SHOWN && <Text className='muted'>{`还有 ${props.followUps.length - FOLLOW_UPS_SHOWN} 件`}</Text>}
      <View className='button' role='button'>
        去记回访
      </View>
    </View>
  )
}

/** 最新报告 with its headline figures: opens the reader. */
export function LatestReportCard(props: { report: NonNullable<HomeResponse['latestReport']>; headlines: HomeResponse['headlines'] }) {
  const { report } = props
  return (
    <View
      className='card card-accent'
      id='home-report'
      data-testid='latest-report'
      onClick={() => void Taro.navigateTo({ url: pageUrl('pages/report/index', { id: report.id }) })}
    >
      <Text className='muted'>最新报告{report.publishedAt ? ` · ${report.publishedAt} 发布` : ''}</Text>
      <Text className='subtitle' data-testid='latest-report-title'>
        {report.title}
      </Text>
      {report.publisher && <Text className='muted'>{report.publisher}</Text>}
      {props.headlines.length > 0 && (
        <View className='headline-grid' data-testid='headline-figures'>
          {props.headlines.map((figure) => (
            <View className='headline' key={`${figure.sectionId}-${figure.label}-${figure.value}`}>
              <Text className='headline-value'>
                {formatFigureValue(figure.value)}
                <Text className='headline-unit'>{figure.unit ?? ''}</Text>
              </Text>
              {/* a number the source printed without a unit reads by its phrase: 为困难群众提供法律援助 */}
              <Text className='headline-label'>{figurePhrase({ figure }) ?? figure.label}</Text>
            </View>
          ))}
        </View>
      )}
      <View className='button' role='button'>
        阅读全文
      </View>
    </View>
  )
}
