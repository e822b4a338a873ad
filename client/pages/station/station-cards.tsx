import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { pageUrl } from '../../../contracts/app-pages'
import { PUBLIC_LEGAL_HOTLINE } from '../../../contracts/home-entries'
import { figurePhrase, figureValueText } from '../../../contracts/report-text'
import type { ReportFigureWithService } from '../../../contracts/reports-api'
import { STATION_SERVICE_LABELS, type Station } from '../../../contracts/station'
import type { StationDetailResponse, StationNetwork } from '../../../contracts/stations-api'
import { HotlineButton } from '../../components/hotline-button'
import { CallButtons } from '../../components/stations/call-buttons'
import { openStationMap } from '../../services/stations'

/** The station page's cards: its facts, the county's network and the county's figures from its report. */

const FIGURES_SHOWN_FIRST = 4

function networkCount(value: number | null, word: string): string {
  return value === null ? `${word}数未写明` : `${value} 个${word}`
}

/** `报告：19 个工作站、268 个工作室` / `目录：27 个工作站、0 个工作室` */
function networkLines(network: StationNetwork): { reported: string | null; listed: string } {
  const reported = network.reported
    ? `报告：${networkCount(network.reported.workstations, '工作站')}、${networkCount(network.reported.workrooms, '工作室')}`
    : null
  return { reported, listed: `目录：${network.listed.workstations} 个工作站、${network.listed.workrooms} 个工作室` }
}

function FigureList(props: { title: string; figures: ReportFigureWithService[]; testId: string }) {
  const [all, setAll] = useState(false)
  if (props.figures.length === 0) return null
  const shown = all ? props.figures : props.figures.slice(0, FIGURES_SHOWN_FIRST)
  return (
    <View className='station-figures' data-testid={props.testId}>
      <Text className='station-figures-title'>{props.title}</Text>
      {shown.map((figure, index) => (
        <View className='station-figure' key={`${figure.sectionId ?? 'p'}-${figure.label}-${index}`}>
          <Text className='station-figure-value'>{figureValueText({ figure })}</Text>
          <Text className='station-figure-unit'>{figure.unit ?? ''}</Text>
          <Text className='station-figure-label'>{figurePhrase({ figure }) ?? figure.label}</Text>
        </View>
      ))}
      {props.figures.length > FIGURES_SHOWN_FIRST && (
        <View className='button button-secondary' role='button' onClick={() => setAll(!all)}>
          {all ? '收起' : `看全部 ${props.figures.length} 个数字`}
        </View>
      )}
    </View>
  )
}

/** 地址, 电话, 开放时间, 服务, 位置 — each says 暂无 / 待核实 when the directory does not know. */
export function StationFacts(props: { station: Station }) {
  const { station } = props
  return (
    <View className='card station-facts stations-top'>
      <View className='fact' data-testid='station-address'>
        <Text className='fact-label'>地址</Text>
        <Text className={`fact-value${station.address ? '' : ' fact-missing'}`}>{station.address ?? '暂无'}</Text>
      </View>

      <View className='fact' data-testid='station-phone'>
        <Text className='fact-label'>电话</Text>
        {station.phone ? (
          <View className='fact-value'>
            <Text>{station.phone}</Text>
            <CallButtons phone={station.phone} />
          </View>
        ) : (
          <View className='fact-value'>
            <Text className='fact-missing'>暂无</Text>
            <Text className='fact-hint'>可以拨打全国公共法律服务热线：</Text>
            <HotlineButton />
          </View>
        )}
      </View>

      <View className='fact' data-testid='station-hours'>
        <Text className='fact-label'>开放时间</Text>
        <View className='fact-value'>
          <Text>{station.hours.text}</Text>
          {station.hours.isDefault && <Text className='fact-hint'>（默认时间，未核实，去之前请先打 {PUBLIC_LEGAL_HOTLINE} 确认）</Text>}
        </View>
      </View>

      <View className='fact' data-testid='station-services'>
        <Text className='fact-label'>服务</Text>
        <View className='fact-value'>
          {station.services.length === 0 ? (
            <Text className='fact-missing'>暂无</Text>
          ) : (
            <View className='service-chips'>
              {station.services.map((service) => (
                <Text key={service} className='service-chip'>
                  {STATION_SERVICE_LABELS[service]}
                </Text>
              ))}
            </View>
          )}
        </View>
      </View>

      <View className='fact' data-testid='station-location'>
        <Text className='fact-label'>位置</Text>
        <View className='fact-value'>
          {station.location ? (
            <>
              {station.locationQuality === 'approximate' && <Text className='fact-hint'>近似位置（大致在这一带，不一定是服务站门口）</Text>}
              <View className='button' role='button' data-testid='navigate-button' onClick={() => openStationMap(station)}>
                导航到这里
              </View>
            </>
          ) : (
            <Text className='fact-missing'>位置待核实</Text>
          )}
        </View>
      </View>
    </View>
  )
}

/** 全县的公共法律服务 (the report's count beside the directory's) and 全县的数字. */
export function CountyCards(props: { data: StationDetailResponse }) {
  const { data } = props
  const lines = networkLines(data.network)
  return (
    <>
      <View className='card stations-top' data-testid='station-network'>
        <Text className='subtitle'>全县的公共法律服务</Text>
        {lines.reported && data.network.reported && (
          <>
            <Text className='text' data-testid='network-reported'>
              {lines.reported}
            </Text>
            <Text className='muted'>来源：《{data.network.reported.reportTitle}》</Text>
          </>
        )}
        {data.reports === 'unavailable' && (
          <Text className='muted' data-testid='reports-unavailable'>
            报告里的数字暂时读不到，稍后再来看。
          </Text>
        )}
        <Text className='text stations-top' data-testid='network-listed'>
          {lines.listed}
        </Text>
        <Text className='muted'>目录是本应用收录的服务点。报告和目录的统计口径不同，以司法局公布为准。</Text>
      </View>

      {data.reportFigures && (data.reportFigures.legalAid.length > 0 || data.reportFigures.mediation.length > 0) && (
        <View className='card' data-testid='station-figures'>
          <Text className='subtitle'>全县的数字</Text>
          <Text className='muted'>来源：《{data.reportFigures.reportTitle}》</Text>
          <FigureList title='法律援助' figures={data.reportFigures.legalAid} testId='figures-legal-aid' />
          <FigureList title='人民调解' figures={data.reportFigures.mediation} testId='figures-mediation' />
          <View
            className='button button-secondary'
            role='button'
            onClick={() => void Taro.navigateTo({ url: pageUrl('pages/report/index', { id: data.reportFigures?.reportId }) })}
          >
            看报告原文
          </View>
        </View>
      )}
    </>
  )
}
