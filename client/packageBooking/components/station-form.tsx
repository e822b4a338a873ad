import { Text, View } from '@tarojs/components'
import { useRef, useState } from 'react'
import { STATION_SERVICE_LABELS, stationServiceSchema, type StationService } from '../../../contracts/station'
import type { StationProfileResponse, StationProfileUpdate } from '../../../contracts/station-keeping'
import { useAction } from '../../hooks/use-action'
import { RequestError } from '../../services/http'
import type { Keeper, PickedPlace } from '../../services/station-keeping'
import { FieldError, TextAreaField } from './fields'
import { MultiChoice } from './multi-choice'
import { HOURS_EXAMPLE, HoursCard, PhonesCard, PlaceCard, type Errors, type PhoneRow, type Place } from './station-form-cards'
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

const SERVICE_CHOICES = stationServiceSchema.options.map((value) => ({ value, label: STATION_SERVICE_LABELS[value] }))

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

/** What the form holds as typed: one row a phone box (its key survives removing another). */
export interface StationFormDraft {
  phones: PhoneRow[]
  address: string
  hours: string
  services: StationService[]
  place: Place
}

/**
 * The profile to send from what the form holds (the whole profile: what the form shows is what gets
 * saved), or what must be filled in first. `sentRows[i]` is the row of the i-th phone sent, so the
 * server's `phones.<i>` errors land under the right box.
 */
export function profileUpdate(params: {
  draft: StationFormDraft
  station: StationProfileResponse['station']
  keeper: Keeper
}): { update: StationProfileUpdate; sentRows: number[] } | { errors: Errors } {
  const { draft, station } = params
  const sentRows: number[] = []
  const sentPhones: string[] = []
  draft.phones.forEach((entry, index) => {
    const value = entry.value.trim()
    if (!value) return
    sentRows.push(index)
    sentPhones.push(value)
  })
  // staff set hours as weekly openings (the 开放时间 card): the profile leaves them as they are
  const withHours = params.keeper === 'admin'
  if (withHours && !draft.hours.trim()) return { errors: { hours: `请填写开放时间，如：${HOURS_EXAMPLE}`, form: '有地方要补上，请看标红的地方。' } }
  const { place } = draft
  const location =
    place.kind === 'new'
      ? { lat: place.place.lat, lng: place.place.lng, datum: place.place.datum }
      : station.location
        ? { ...station.location, datum: 'gcj02' as const }
        : null
  const address = draft.address.trim()
  return {
    update: {
      phones: sentPhones,
      address: address ? address : null,
      ...(withHours ? { hours: { text: draft.hours.trim() } } : {}),
      services: draft.services,
      location,
    },
    sentRows,
  }
}

/** The form's state and its saving: the place taken (./station-form-cards PlaceCard), the errors by field. */
function useStationForm(props: StationFormProps) {
  const { station } = props.profile
  const nextKey = useRef(0)
  const row = (value: string): PhoneRow => ({ key: nextKey.current++, value })
  const [phones, setPhones] = useState<PhoneRow[]>(() => (props.profile.phones.length > 0 ? props.profile.phones : ['']).map(row))
  const [address, setAddress] = useState(station.address ?? '')
  const [hours, setHours] = useState(station.hours.isDefault ? '' : station.hours.text)
  const [services, setServices] = useState<StationService[]>(station.services)
  const [place, setPlace] = useState<Place>({ kind: 'kept' })
  const [errors, setErrors] = useState<Errors>({})
  const saving = useAction(async (update: StationProfileUpdate, sentRows: number[]) => {
    setErrors({})
    try {
      props.onSaved(await props.save(update))
    } catch (failure) {
      if (failure instanceof RequestError && failure.status === 401) props.onSignedOut()
      else if (failure instanceof RequestError && failure.fields && failure.fields.length > 0) setErrors(errorsFromServer(failure, sentRows))
      else throw failure
    }
  }, '没有保存成功，请再试一次。')

  const submit = () => {
    if (saving.busy) return
    const checked = profileUpdate({ draft: { phones, address, hours, services, place }, station, keeper: props.keeper })
    if ('errors' in checked) setErrors(checked.errors)
    else void saving.run(checked.update, checked.sentRows)
  }
  const placeTaken = (taken: PickedPlace) => {
    setPlace({ kind: 'new', place: taken })
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== 'location')))
    // a point picked on WeChat's map comes with its address: offered when the box is empty
    if (taken.address && !address.trim()) setAddress(taken.address)
  }

  return {
    draft: { phones, address, hours, services, place },
    set: { setAddress, setHours, setServices },
    phones: {
      change: (key: number, value: string) => setPhones((rows) => rows.map((entry) => (entry.key === key ? { ...entry, value } : entry))),
      remove: (key: number) => setPhones((rows) => rows.filter((candidate) => candidate.key !== key)),
      add: () => setPhones((rows) => [...rows, row('')]),
    },
    errors: saving.error && !errors.form ? { ...errors, form: saving.error } : errors,
    saving: saving.busy,
    submit,
    placeTaken,
  }
}

export type StationFormProps = {
  profile: StationProfileResponse
  keeper: Keeper
  save: (update: StationProfileUpdate) => Promise<StationProfileResponse>
  onSaved: (saved: StationProfileResponse) => void
  onSignedOut: () => void
}

export function StationForm(props: StationFormProps) {
  const { station } = props.profile
  const form = useStationForm(props)
  const { draft, errors } = form

  return (
    <View data-testid='station-form'>
      <PhonesCard phones={draft.phones} errors={errors} onChange={form.phones.change} onRemove={form.phones.remove} onAdd={form.phones.add} />

      <View className='card'>
        <Text className='subtitle'>地址</Text>
        <TextAreaField
          label='详细地址（居民照着能找到）'
          value={draft.address}
          onInput={form.set.setAddress}
          maxlength={200}
          placeholder='如 秀山县隘口镇隘口社区便民服务中心二楼'
          error={errors.address}
          testId='address-input'
        />
      </View>

      {props.keeper === 'admin' && <HoursCard hours={draft.hours} onHours={form.set.setHours} shown={station.hours} error={errors.hours} />}

      <View className='card'>
        <Text className='subtitle'>能办的事（可以选几项）</Text>
        <MultiChoice
          choices={SERVICE_CHOICES}
          value={draft.services}
          onChange={form.set.setServices}
          columns={2}
          label='能办的事'
          testIdPrefix='service'
          testId='services'
        />
        <FieldError message={errors.services} testId='services-error' />
      </View>

      <PlaceCard place={draft.place} station={station} error={errors.location} onTaken={form.placeTaken} />

      {errors.form && (
        <View className='notice notice-error' role='alert' data-testid='form-error'>
          <Text>{errors.form}</Text>
        </View>
      )}
      <View className={`button keeping-save${form.saving ? ' button-disabled' : ''}`} role='button' data-testid='save-station' onClick={form.submit}>
        {form.saving ? '正在保存…' : props.keeper === 'staff' ? '保存（居民马上能看到）' : '保存（算作县司法局已核实）'}
      </View>
    </View>
  )
}
