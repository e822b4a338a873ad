import { Input, Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { STATION_SERVICE_LABELS, stationServiceSchema, type StationService } from '../../../contracts/station'
import { PROFILE_PHONES_MAX, type StationProfileResponse, type StationProfileUpdate } from '../../../contracts/station-keeping'
import { failureMessage, RequestError } from '../../services/http'
import { canPickOnMap, placeHere, placeOnMap, type Keeper, type PickedPlace, type PlaceResult } from '../../services/station-keeping'
import { openLocationSetting } from '../../services/stations'
import { FieldError, TextAreaField } from './fields'
import { MultiChoice } from './multi-choice'
import './booking.css'
import './station-form.css'

/**
 * The form that keeps a station's facts: phone numbers (one a box, a phone keypad), address,
 * services and the place (我现在就在服务站, or 在地图上选 in the mini program); for the county's
 * 待核实 also the opening hours as a sentence (a lunch break written as posted at the door; the
 * slots follow it). Staff set hours as weekly openings instead (./schedule-editor), and their
 * profile leaves hours out. 我的服务站 and 待核实 both use it; the whole profile is sent, so what
 * the form shows is what gets saved.
 */

export const HOURS_EXAMPLE = '周一至周五 9:00-12:00，14:00-17:30'

const SERVICE_CHOICES = stationServiceSchema.options.map((value) => ({ value, label: STATION_SERVICE_LABELS[value] }))

/** H5: a phone keypad (`tel`, which Taro's Input does not know, set on the real <input>); the mini program: its number keyboard. */
function phoneInputProps(label: string): { type: 'text' | 'number'; nativeProps?: Record<string, unknown>; 'aria-label'?: string } {
  return process.env.TARO_ENV === 'weapp'
    ? { type: 'number', 'aria-label': label }
    : { type: 'text', nativeProps: { type: 'tel', inputmode: 'tel', autocomplete: 'tel', 'aria-label': label } }
}

interface PhoneRow {
  key: number
  value: string
}

type Place = { kind: 'kept' } | { kind: 'new'; place: PickedPlace }

/** Errors by field: `phones.0` … for each box, `phones`, `address`, `hours`, `services`, `location`, and `form` for the rest. */
type Errors = Record<string, string>

/** The server's `fields` (paths of what was sent) as the boxes on screen: `sent[i]` is the row index of the i-th phone sent. */
function errorsFromServer(failure: RequestError, sentRows: number[]): Errors {
  const errors: Errors = {}
  const elsewhere: string[] = []
  for (const field of failure.fields ?? []) {
    const [head, index] = field.path.split('.')
    const key = head === 'phones' && index !== undefined && sentRows[Number(index)] !== undefined ? `phones.${sentRows[Number(index)]}` : head
    if (SHOWN_FIELDS.has(key) || key.startsWith('phones.')) errors[key] ??= field.message
    else elsewhere.push(field.message)
  }
  errors.form = elsewhere.length > 0 ? elsewhere.join('；') : '有地方填得不对，请看标红的地方。'
  return errors
}

/** The fields the form shows an error under (each phone box as `phones.<row>`). */
const SHOWN_FIELDS = new Set(['phones', 'address', 'hours', 'services', 'location'])

export function StationForm(props: {
  profile: StationProfileResponse
  keeper: Keeper
  save: (update: StationProfileUpdate) => Promise<StationProfileResponse>
  onSaved: (saved: StationProfileResponse) => void
  onSignedOut: () => void
}) {
  const { station } = props.profile
  const nextKey = useRef(0)
  const row = (value: string): PhoneRow => ({ key: nextKey.current++, value })
  const [phones, setPhones] = useState<PhoneRow[]>(() => (props.profile.phones.length > 0 ? props.profile.phones : ['']).map(row))
  const [address, setAddress] = useState(station.address ?? '')
  const [hours, setHours] = useState(station.hours.isDefault ? '' : station.hours.text)
  const [services, setServices] = useState<StationService[]>(station.services)
  const [place, setPlace] = useState<Place>({ kind: 'kept' })
  const [placeMessage, setPlaceMessage] = useState<{ text: string; canOpenSetting?: boolean } | null>(null)
  const [locating, setLocating] = useState(false)
  const [errors, setErrors] = useState<Errors>({})
  const [saving, setSaving] = useState(false)

  const setPhone = (key: number, value: string) => setPhones((rows) => rows.map((entry) => (entry.key === key ? { ...entry, value } : entry)))

  const takePlace = async (find: () => Promise<PlaceResult>) => {
    if (locating) return
    setLocating(true)
    setPlaceMessage(null)
    try {
      const result = await find()
      if (result.status === 'ok') {
        setPlace({ kind: 'new', place: result.place })
        setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== 'location')))
        // a point picked on WeChat's map comes with its address: offered when the box is empty
        if (result.place.address && !address.trim()) setAddress(result.place.address)
      } else if (result.status !== 'cancelled') {
        setPlaceMessage({ text: `${result.message}${result.status === 'denied' ? '允许以后再点一次。' : ''}`, canOpenSetting: result.canOpenSetting })
      }
    } finally {
      setLocating(false)
    }
  }

  const allowLocation = async () => {
    if (await openLocationSetting()) await takePlace(placeHere)
  }

  const submit = async () => {
    if (saving) return
    const found: Errors = {}
    const sentRows: number[] = []
    const sentPhones: string[] = []
    phones.forEach((entry, index) => {
      const value = entry.value.trim()
      if (!value) return
      sentRows.push(index)
      sentPhones.push(value)
    })
    // staff set hours as weekly openings (the 开放时间 card): the profile leaves them as they are
    const withHours = props.keeper === 'admin'
    if (withHours && !hours.trim()) found.hours = `请填写开放时间，如：${HOURS_EXAMPLE}`
    if (Object.keys(found).length > 0) {
      setErrors({ ...found, form: '有地方要补上，请看标红的地方。' })
      return
    }
    const location =
      place.kind === 'new'
        ? { lat: place.place.lat, lng: place.place.lng, datum: place.place.datum }
        : station.location
          ? { ...station.location, datum: 'gcj02' as const }
          : null
    const update: StationProfileUpdate = {
      phones: sentPhones,
      address: address.trim() ? address.trim() : null,
      ...(withHours ? { hours: { text: hours.trim() } } : {}),
      services,
      location,
    }
    setSaving(true)
    setErrors({})
    try {
      props.onSaved(await props.save(update))
    } catch (failure) {
      if (failure instanceof RequestError && failure.status === 401) {
        props.onSignedOut()
        return
      }
      if (failure instanceof RequestError && failure.fields && failure.fields.length > 0) {
        setErrors(errorsFromServer(failure, sentRows))
      } else setErrors({ form: failureMessage(failure, '没有保存成功，请再试一次。') })
    } finally {
      setSaving(false)
    }
  }

  const placeWords =
    place.kind === 'new'
      ? place.place.how === 'here'
        ? '已取到您现在站的位置。点下面的“保存”后生效。'
        : `已在地图上选好${place.place.name ? `：${place.place.name}` : ''}。点下面的“保存”后生效。`
      : station.location
        ? station.locationQuality === 'surveyed'
          ? '已有准确位置。搬了地方，或位置不对，请重新设置。'
          : '现在只有近似位置，居民导航可能找不到。请到服务站门口设置一次。'
        : '还没有位置，居民按距离找不到本站。请到服务站门口设置一次。'

  return (
    <View data-testid='station-form'>
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
                onInput={(event) => setPhone(entry.key, event.detail.value)}
              />
              {phones.length > 1 && (
                <View
                  className='button button-secondary keeping-phone-remove'
                  role='button'
                  aria-label={`删掉电话 ${index + 1}`}
                  data-testid={`phone-remove-${index}`}
                  onClick={() => setPhones((rows) => rows.filter((candidate) => candidate.key !== entry.key))}
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
          <View className='button button-secondary' role='button' data-testid='phone-add' onClick={() => setPhones((rows) => [...rows, row('')])}>
            再加一个电话
          </View>
        )}
      </View>

      <View className='card'>
        <Text className='subtitle'>地址</Text>
        <TextAreaField
          label='详细地址（居民照着能找到）'
          value={address}
          onInput={setAddress}
          maxlength={200}
          placeholder='如 秀山县隘口镇隘口社区便民服务中心二楼'
          error={errors.address}
          testId='address-input'
        />
      </View>

      {props.keeper === 'admin' && (
        <View className='card'>
          <Text className='subtitle'>开放时间</Text>
          <Text className='muted'>居民能预约的时间跟着这里写的走。服务站自己按周设置过的，请不要在这里改，请服务站在“我的服务站”里改。</Text>
          {station.hours.isDefault && <Text className='muted'>现在居民看到的是通常的开放时间（{station.hours.text}），请按本站实际的时间填写。</Text>}
          <Text className='muted'>有午休就分两段写，如：{HOURS_EXAMPLE}</Text>
          <TextAreaField
            label='什么时候有人'
            value={hours}
            onInput={setHours}
            maxlength={200}
            placeholder={HOURS_EXAMPLE}
            error={errors.hours}
            testId='hours-input'
          />
          {!hours.trim() && (
            <View className='button button-secondary' role='button' data-testid='hours-example' onClick={() => setHours(HOURS_EXAMPLE)}>
              先填上“{HOURS_EXAMPLE}”再改
            </View>
          )}
        </View>
      )}

      <View className='card'>
        <Text className='subtitle'>能办的事（可以选几项）</Text>
        <MultiChoice choices={SERVICE_CHOICES} value={services} onChange={setServices} columns={2} label='能办的事' testIdPrefix='service' testId='services' />
        <FieldError message={errors.services} testId='services-error' />
      </View>

      <View className='card' data-testid='place-card'>
        <Text className='subtitle'>服务站的位置</Text>
        <Text className='text' data-testid='place-words'>
          {placeWords}
        </Text>
        <View className={`button${locating ? ' button-disabled' : ''}`} role='button' data-testid='place-here' onClick={() => void takePlace(placeHere)}>
          {locating ? '正在取位置…' : '我现在就在服务站'}
        </View>
        <Text className='muted'>站在服务站门口点这个，手机会取您现在的位置。</Text>
        {canPickOnMap && (
          <View
            className='button button-secondary'
            role='button'
            data-testid='place-map'
            onClick={() => void takePlace(() => placeOnMap(place.kind === 'new' ? place.place : station.location))}
          >
            在地图上选
          </View>
        )}
        {placeMessage && (
          <View className='notice notice-error keeping-gap' role='alert' data-testid='place-message'>
            <Text>{placeMessage.text}</Text>
            {placeMessage.canOpenSetting && (
              <View className='button' role='button' data-testid='place-setting' onClick={() => void allowLocation()}>
                去设置里允许使用位置
              </View>
            )}
          </View>
        )}
        <FieldError message={errors.location} testId='place-error' />
      </View>

      {errors.form && (
        <View className='notice notice-error' role='alert' data-testid='form-error'>
          <Text>{errors.form}</Text>
        </View>
      )}
      <View className={`button keeping-save${saving ? ' button-disabled' : ''}`} role='button' data-testid='save-station' onClick={() => void submit()}>
        {saving ? '正在保存…' : props.keeper === 'staff' ? '保存（居民马上能看到）' : '保存（算作县司法局已核实）'}
      </View>
    </View>
  )
}
