import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { nextMoves, noteNeedsClamp, StaffBookingRow, staffChangeWords } from '../../../client/packageBooking/components/staff-booking-row'
import { daySections } from '../../../client/packageBooking/pages/staff/use-staff-bookings'
import type { StaffBooking } from '../../../client/services/staff'
import { SESSION_STORAGE_KEY } from '../../../client/services/session'

function booking(overrides: Partial<StaffBooking> = {}): StaffBooking {
  return {
    id: '6f1c1d0e-8a51-4d47-9d8c-2f1f4f9a0001',
    code: 'K7M4Q2XA',
    status: 'booked',
    stationId: '500241103-ws',
    stationName: '隘口镇公共法律服务工作站',
    slotStart: '2026-11-26T14:00:00+08:00',
    slotEnd: '2026-11-26T14:30:00+08:00',
    matter: 'neighbor',
    description: '',
    name: '王五',
    phone: '136****6000',
    proxy: null,
    cancelReason: null,
    createdAt: '2026-11-25T02:00:00.000Z',
    undo: null,
    lastStaffChange: null,
    ...overrides,
  }
}

const BEFORE = Date.parse('2026-11-26T13:59:00+08:00')
const FROM_START = Date.parse('2026-11-26T14:00:00+08:00')

/** taro-h5's showModal: one `.taro__modal` in the body, reused, its buttons `.taro-model__confirm` / `.taro-model__cancel`. */
function modalButton(which: 'confirm' | 'cancel'): HTMLElement {
  const button = document.querySelector<HTMLElement>(`.taro__modal .taro-model__${which}`)
  if (!button) throw new Error('no modal on the page')
  return button
}

describe('staff day view (client/packageBooking/pages/staff)', () => {
  it('groups the week by China date, from `from`, with cancelled bookings apart and empty days kept', () => {
    const sections = daySections({
      from: '2026-11-30',
      days: 7,
      bookings: [
        booking({ id: 'a', slotStart: '2026-11-30T09:00:00+08:00' }),
        booking({ id: 'b', slotStart: '2026-12-01T09:00:00+08:00', status: 'cancelled' }),
        booking({ id: 'c', slotStart: '2026-12-06T16:30:00+08:00', status: 'done' }),
      ],
    })
    expect(sections.map((section) => [section.date, section.active.map((entry) => entry.id), section.cancelled.map((entry) => entry.id)])).toEqual([
      ['2026-11-30', ['a'], []],
      ['2026-12-01', [], ['b']],
      ['2026-12-02', [], []],
      ['2026-12-03', [], []],
      ['2026-12-04', [], []],
      ['2026-12-05', [], []],
      ['2026-12-06', ['c'], []],
    ])
  })

  it('offers 已办结 and 未到场 from the slot’s start only', () => {
    expect(nextMoves(booking(), BEFORE)).toEqual(['confirmed'])
    expect(nextMoves(booking({ status: 'confirmed' }), BEFORE)).toEqual([])
    expect(nextMoves(booking(), FROM_START)).toEqual(['confirmed', 'done', 'no_show'])
    expect(nextMoves(booking({ status: 'confirmed' }), FROM_START)).toEqual(['done', 'no_show'])
    expect(nextMoves(booking({ status: 'done' }), FROM_START)).toEqual([])
  })

  it('before the slot: no 已办结, a note says when; 撤销 and 回电 are offered as the booking allows', () => {
    render(
      <StaffBookingRow
        booking={booking({ status: 'confirmed', undo: { restores: 'booked', changedAt: '2026-11-26T01:00:00.000Z' } })}
        now={BEFORE}
        onChange={jest.fn()}
        onSignedOut={jest.fn()}
      />,
    )
    expect(screen.queryByTestId('staff-action-done')).toBeNull()
    expect(screen.getByText('时段开始（14:00）后才能标记已办结或未到场。')).toBeInTheDocument()
    expect(screen.getByTestId('staff-undo')).toHaveTextContent('撤销，改回“已预约”')
    expect(screen.getByTestId('staff-reveal')).toHaveTextContent('回电')
  })

  it('names a finished consultation 已办结 on the button, the badge and the undo (one name for one status)', () => {
    const { unmount } = render(<StaffBookingRow booking={booking({ status: 'confirmed' })} now={FROM_START} onChange={jest.fn()} onSignedOut={jest.fn()} />)
    expect(screen.getByTestId('staff-action-done')).toHaveTextContent(/^已办结$/)
    unmount()
    render(
      <StaffBookingRow
        booking={booking({ status: 'done', undo: { restores: 'confirmed', changedAt: '2026-11-26T06:10:00.000Z' } })}
        now={FROM_START}
        onChange={jest.fn()}
        onSignedOut={jest.fn()}
      />,
    )
    expect(screen.getByText('已办结')).toBeInTheDocument()
    expect(document.body.textContent).not.toMatch(/已完成|已到场办结/)
  })

  it('clamps a long note to two lines with 展开, which shows all of it and turns into 收起; a short note has no 展开', () => {
    const long = '邻居家的树根把我家的院墙顶裂了，'.repeat(30).slice(0, 500)
    const { unmount } = render(<StaffBookingRow booking={booking({ description: long })} now={BEFORE} onChange={jest.fn()} onSignedOut={jest.fn()} />)
    const note = screen.getByTestId('staff-note')
    expect(note).toHaveTextContent(long)
    expect(note).toHaveClass('staff-note-clamped')
    fireEvent.click(screen.getByTestId('staff-note-toggle'))
    expect(screen.getByTestId('staff-note')).not.toHaveClass('staff-note-clamped')
    expect(screen.getByTestId('staff-note-toggle')).toHaveTextContent('收起')
    fireEvent.click(screen.getByTestId('staff-note-toggle'))
    expect(screen.getByTestId('staff-note')).toHaveClass('staff-note-clamped')
    unmount()
    render(<StaffBookingRow booking={booking({ description: '院墙裂了' })} now={BEFORE} onChange={jest.fn()} onSignedOut={jest.fn()} />)
    expect(screen.getByTestId('staff-note')).not.toHaveClass('staff-note-clamped')
    expect(screen.queryByTestId('staff-note-toggle')).toBeNull()
  })

  it('counts a note by characters (an emoji is one) and clamps one with a line break however short', () => {
    expect(noteNeedsClamp('😀'.repeat(36))).toBe(false)
    expect(noteNeedsClamp('😀'.repeat(37))).toBe(true)
    expect(noteNeedsClamp('第一行\n第二行\n第三行')).toBe(true)
  })

  it('names who moved the booking last and when, in China time (staff are named with add-staff --name)', () => {
    // 23:30 in Xiushan is still the same day's 15:30 in UTC
    render(
      <StaffBookingRow
        booking={booking({ status: 'done', lastStaffChange: { by: '李明', at: '2026-11-26T15:30:00.000Z', to: 'done', undid: false } })}
        now={FROM_START}
        onChange={jest.fn()}
        onSignedOut={jest.fn()}
      />,
    )
    expect(screen.getByTestId('staff-last-change')).toHaveTextContent('李明 11月26日 23:30 标记为“已办结”')
    expect(staffChangeWords({ by: '王芳', at: '2026-11-25T23:30:00.000Z', to: 'confirmed', undid: true })).toBe(
      '王芳 11月26日 07:30 撤销了上一次改动，改回“已确认”',
    )
  })

  it('an erased phone has no 回电', () => {
    render(
      <StaffBookingRow
        booking={booking({ status: 'done', name: '（已删除）', phone: '（已删除）' })}
        now={FROM_START}
        onChange={jest.fn()}
        onSignedOut={jest.fn()}
      />,
    )
    expect(screen.queryByTestId('staff-reveal')).toBeNull()
  })

  it('已办结 and 未到场 ask first: 取消 sends nothing, 未到场 confirmed sends the move', async () => {
    // signed in, but the BFF is a closed port: a sent move fails with the network words
    process.env.TARO_APP_API_BASE_URL = 'http://127.0.0.1:9'
    localStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({
        data: {
          v: 1,
          sessions: [
            {
              token: 't'.repeat(43),
              userId: 'u1',
              role: 'staff',
              expiresAt: '2099-01-01T00:00:00.000Z',
              stationId: '500241103-ws',
              displayName: '值班员',
              town: null,
              village: null,
            },
          ],
        },
      }),
    )
    // every request that fails on the network is reported here (client/services/http): a count of what was sent
    const sent = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    const onChange = jest.fn()
    render(<StaffBookingRow booking={booking()} now={FROM_START} onChange={onChange} onSignedOut={jest.fn()} />)

    fireEvent.click(screen.getByTestId('staff-action-done'))
    await waitFor(() => expect(document.querySelector('.taro__modal .taro-modal__title')?.textContent).toBe('标记为已办结？'))
    expect(document.querySelector('.taro__modal .taro-modal__text')?.textContent).toContain('王五（14:00）已到场')
    fireEvent.click(modalButton('cancel'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(screen.queryByTestId('staff-booking-error')).toBeNull()
    expect(sent).not.toHaveBeenCalled()

    fireEvent.click(screen.getByTestId('staff-action-no_show'))
    await waitFor(() => expect(document.querySelector('.taro__modal .taro-modal__title')?.textContent).toBe('标记为未到场？'))
    fireEvent.click(modalButton('confirm'))
    // the move was sent: the closed port answers with the network words, nothing changed
    expect(await screen.findByTestId('staff-booking-error', {}, { timeout: 10_000 })).toHaveTextContent(/网络/)
    expect(onChange).not.toHaveBeenCalled()
    expect(sent.mock.calls.map((args) => args[1])).toEqual([`/api/staff/bookings/${booking().id}`])
    sent.mockRestore()
    delete process.env.TARO_APP_API_BASE_URL
  })
})
