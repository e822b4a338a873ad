import { render, screen } from '@testing-library/react'
import { PapersList } from '../../../client/packageBooking/components/booking-details'

describe('PapersList (要带的材料, client/packageBooking/components/booking-details)', () => {
  it('is a numbered list to read, with no box marks that look like check boxes', () => {
    render(<PapersList papers={['身份证', '劳动合同或工资条']} />)
    const list = screen.getByTestId('papers')
    expect(list).toHaveAttribute('role', 'list')
    expect(list.textContent).not.toContain('□')
    const items = list.querySelectorAll('[role="listitem"]')
    expect(Array.from(items, (item) => item.textContent)).toEqual(['1.身份证', '2.劳动合同或工资条'])
    expect(list.querySelector('.paper-mark, [role="checkbox"]')).toBeNull()
  })
})
