import { Text } from '@tarojs/components'
import { NotFoundLinks } from '../../components/not-found-links'
import { PageShell } from '../../components/page-shell'

/** Where an address that is no page of this app ends up (H5: app.tsx; mini program: onPageNotFound). */
export default function NotFoundPage() {
  return (
    <PageShell>
      <Text className='title' data-testid='not-found-title'>
        找不到这个页面
      </Text>
      <Text className='text'>这个地址不对，或者页面已经不在了。可以从下面去别的地方：</Text>
      <NotFoundLinks />
    </PageShell>
  )
}
