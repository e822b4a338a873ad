import { Picker, Text, View } from '@tarojs/components'
import { useEffect, useMemo, useState } from 'react'
import type { TownListResponse } from '../../../../contracts/stations-api'
import { ChoiceGrid } from '../../../components/choice-grid'
import { chinaDate } from '../../../../contracts/china-time'
import { formatDate, type VolunteerSession } from '../../../services/mediations'
import { fetchTowns } from '../../../services/stations'
import { Section } from '../../components/controls'
import type { Change, Draft, Errors } from './mediation-draft'
import { DraftInput } from './draft-input'

const DAY_CHOICES = [
  { value: '0', label: '今天' },
  { value: '1', label: '昨天' },
  { value: '2', label: '前天' },
] as const

const choicesOf = (names: readonly string[]) => [...new Set(names)].map((name) => ({ value: name, label: name }))

/**
 * 哪天调解的 and 在哪里: today, yesterday or any date of the last year; the town is the volunteer's own
 * (a volunteer records only their town's mediations, the server refuses another), the village typed or tapped.
 */
export function WhenWhereSection(props: { draft: Draft; errors: Errors; change: Change; session: VolunteerSession }) {
  const { draft, errors, change } = props
  const today = chinaDate({ now: new Date() })
  const [townList, setTownList] = useState<TownListResponse | null>(null)

  // the village list of the volunteer's town, when the network gives it; typing the village works without it
  useEffect(() => {
    let live = true
    fetchTowns()
      .then((list) => live && setTownList(list))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [])

  const villagesOfTown = useMemo(() => {
    for (const county of townList?.counties ?? []) {
      const town = county.towns.find((entry) => entry.name === draft.town)
      if (town) return town.villages
    }
    return []
  }, [townList, draft.town])

  return (
    <View className='card'>
      <Section label='哪天调解的' error={errors.occurredOn} testId='field-date'>
        <Text className='vol-value' data-testid='chosen-date'>
          {formatDate(draft.occurredOn)}
        </Text>
        <ChoiceGrid
          choices={DAY_CHOICES}
          value={DAY_CHOICES.find((choice) => chinaDate({ now: new Date(), offsetDays: -Number(choice.value) }) === draft.occurredOn)?.value ?? null}
          onChange={(value) => change('occurredOn', chinaDate({ now: new Date(), offsetDays: -Number(value) }))}
          columns={3}
          label='调解日期'
          testIdPrefix='date'
        />
        <Picker
          mode='date'
          value={draft.occurredOn}
          end={today}
          start={chinaDate({ now: new Date(), offsetDays: -366 })}
          onChange={(event) => change('occurredOn', String(event.detail.value))}
        >
          <View className='button button-secondary' role='button'>
            选其他日期
          </View>
        </Picker>
      </Section>

      <Section label='在哪里' error={errors.town ?? errors.village} testId='field-place'>
        <Text className='vol-value' data-testid='chosen-place'>
          {draft.town}
          {draft.village}
        </Text>
        <Text className='vol-label vol-gap'>村（社区）</Text>
        <DraftInput {...props} field='village' maxlength={30} placeholder='例如 示例村' label='村（社区）' testId='village-input' />
        {villagesOfTown.length > 0 && (
          <ChoiceGrid
            choices={choicesOf(villagesOfTown.slice(0, 30))}
            value={draft.village}
            onChange={(village) => change('village', village)}
            columns={3}
            label='村（社区）名单'
          />
        )}
      </Section>
    </View>
  )
}
