import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { PROFILE_PHONES_MAX, type StationProfileResponse } from '../../../contracts/station-keeping'
import { useAction } from '../../hooks/use-action'
import { canPickOnMap, placeHere, placeOnMap, type PickedPlace, type PlaceResult } from '../../services/station-keeping'
import { openLocationSetting } from '../../services/stations'
import { FieldError, TextAreaField } from './fields'

/** The cards of ./station-form: phones, 开放时间 (the county's form only), the place. */

export const HOURS_EXAMPLE = '周一至周五 9:00-12:00，14:00-17:30'

export interface PhoneRow {
  key: number
  value: string
}

export type Place = { kind: 'kept' } | { kind: 'new'; place: PickedPlace }

/** Errors by field: `phones.0` … for each box, `phones`, `address`, `hours`, `services`, `location`, and `form` for the rest. */
export type Errors = Record<string, string>

/** H5: a phone keypad (`tel`, which Taro's Input does not know, set on the real <input>); the mini program: its number keyboard. */
function phoneInputProps(label: string): { type: 'text' | 'number'; nativeProps?: Record<string, unknown>; 'aria-label'?: string } {
  return process.env.TARO_ENV === 'weapp'
    ? { type: 'number', 'aria-label': label }
    : { type: 'text', nativeProps: { type: 'tel', inputmode: 'tel', autocomplete: 'tel', 'aria-label': label } }
}

/** 电话: one box a number, 删掉 when there are several, 再加一个电话 up to the limit. */
export function PhonesCard(props: {
  phones: PhoneRow[]
  errors: Errors
  onChange: (key: number, value: string) => void
  onRemove: (key: number) => void
  onAdd: () => void
}) {
  const { phones, errors } = props
  return (
    <View className='card'>
      <Text className='subtitle'>电话</Text>
      <Text className='muted'>居民会直接拨打。一个框填一个号码，座机带区号，如 023-76661234。</Text>
      {phones.map((entry, index) => (
        <View key={entry.key} className='field keeping-phone'>
          <Text className='field-label'>{phones.length > 1 ? `电话 ${index + 1}` : '电话号码'}</Text>
          <View className='keeping-phone-row'>
            <Input
              className={`field-input keeping-phone-input${errors[`phones.${index}`] ? ' field-invalid' : ''}`}
              {...phoneInputProps(phones.length > 1 ? `电话 ${index + 1}` : '电话号码')}
              maxlength={40}
              placeholder='如 023-76661234'
              value={entry.value}
              data-testid={`phone-input-${index}`}
              onInput={(event) => props.onChange(entry.key, event.detail.value)}
            />
            {phones.length > 1 && (
              <View
                className='button button-secondary keeping-phone-remove'
                role='button'
                aria-label={`删掉电话 ${index + 1}`}
                data-testid={`phone-remove-${index}`}
                onClick={() => props.onRemove(entry.key)}
              >
                删掉
              </View>
            )}
          </View>
          <FieldError message={errors[`phones.${index}`]} testId={`phone-input-${index}-error`} />
        </View>
      ))}
      <FieldError message={errors.phones} testId='phones-error' />
      {phones.length < PROFILE_PHONES_MAX && (
        <View className='button button-secondary' role='button' data-testid='phone-add' onClick={props.onAdd}>
          再加一个电话
        </View>
      )}
    </View>
  )
}

/** 开放时间 as a sentence, on the county's form (staff set weekly openings instead). */
export function HoursCard(props: { hours: string; onHours: (hours: string) => void; shown: { isDefault: boolean; text: string }; error?: string }) {
  return (
    <View className='card'>
      <Text className='subtitle'>开放时间</Text>
      <Text className='muted'>居民能预约的时间跟着这里写的走。服务站自己按周设置过的，请不要在这里改，请服务站在“我的服务站”里改。</Text>
      {props.shown.isDefault && <Text className='muted'>现在居民看到的是通常的开放时间（{props.shown.text}），请按本站实际的时间填写。</Text>}
      <Text className='muted'>有午休就分两段写，如：{HOURS_EXAMPLE}</Text>
      <TextAreaField
        label='什么时候有人'
        value={props.hours}
        onInput={props.onHours}
        maxlength={200}
        placeholder={HOURS_EXAMPLE}
        error={props.error}
        testId='hours-input'
      />
      {!props.hours.trim() && (
        <View className='button button-secondary' role='button' data-testid='hours-example' onClick={() => props.onHours(HOURS_EXAMPLE)}>
          先填上“{HOURS_EXAMPLE}”再改
        </View>
      )}
    </View>
  )
}

/** What the place card says about the station's place: the one just taken, or the one kept and how good it is. */
export function placeWords(place: Place, station: Pick<StationProfileResponse['station'], 'location' | 'locationQuality'>): string {
  if (place.kind === 'new') {
    return place.place.how === 'here'
      ? '已取到您现在站的位置。点下面的“保存”后生效。'
      : `已在地图上选好${place.place.name ? `：${place.place.name}` : ''}。点下面的“保存”后生效。`
  }
  if (!station.location) return '还没有位置，居民按距离找不到本站。请到服务站门口设置一次。'
  return station.locationQuality === 'surveyed'
    ? '已有准确位置。搬了地方，或位置不对，请重新设置。'
    : '现在只有近似位置，居民导航可能找不到。请到服务站门口设置一次。'
}

/** 服务站的位置: 我现在就在服务站 (the phone's position) or 在地图上选 (mini program); a refusal says how to allow it. */
export function PlaceCard(props: { place: Place; station: StationProfileResponse['station']; error?: string; onTaken: (place: PickedPlace) => void }) {
  const { place, station } = props
  const [message, setMessage] = useState<{ text: string; canOpenSetting?: boolean } | null>(null)
  const locating = useAction(async (find: () => Promise<PlaceResult>) => {
    setMessage(null)
    const result = await find()
    if (result.status === 'ok') props.onTaken(result.place)
    else if (result.status !== 'cancelled') {
      setMessage({ text: `${result.message}${result.status === 'denied' ? '允许以后再点一次。' : ''}`, canOpenSetting: result.canOpenSetting })
    }
  }, '没有取到位置，请再试一次。')
  const take = (find: () => Promise<PlaceResult>) => void locating.run(find)
  const allowLocation = async () => {
    if (await openLocationSetting()) await locating.run(placeHere)
  }
  const shown = message ?? (locating.error ? { text: locating.error } : null)

  return (
    <View className='card' data-testid='place-card'>
      <Text className='subtitle'>服务站的位置</Text>
      <Text className='text' data-testid='place-words'>
        {placeWords(place, station)}
      </Text>
      <View className={`button${locating.busy ? ' button-disabled' : ''}`} role='button' data-testid='place-here' onClick={() => take(placeHere)}>
        {locating.busy ? '正在取位置…' : '我现在就在服务站'}
      </View>
      <Text className='muted'>站在服务站门口点这个，手机会取您现在的位置。</Text>
      {canPickOnMap && (
        <View
          className='button button-secondary'
          role='button'
          data-testid='place-map'
          onClick={() => take(() => placeOnMap(place.kind === 'new' ? place.place : station.location))}
        >
          在地图上选
        </View>
      )}
      {shown && (
        <View className='notice notice-error keeping-gap' role='alert' data-testid='place-message'>
          <Text>{shown.text}</Text>
          {message?.canOpenSetting && (
            <View className='button' role='button' data-testid='place-setting' onClick={() => void allowLocation()}>
              去设置里允许使用位置
            </View>
          )}
        </View>
      )}
      <FieldError message={props.error} testId='place-error' />
    </View>
  )
}
