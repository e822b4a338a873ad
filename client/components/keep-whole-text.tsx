import { Text } from '@tarojs/components'
import { keepWholeRuns } from '../../contracts/report-text'

/**
 * Text whose times (`14:00-17:30`) and 索引号 halves never break across lines (a nowrap span each,
 * client/styles/first-screen.css), as the BFF's first screen prints them.
 */
export function KeepWholeText(props: { text: string }) {
  return (
    <>
      {keepWholeRuns(props.text).map((run, index) =>
        run.whole ? (
          <Text key={index} className='nowrap'>
            {run.text}
          </Text>
        ) : (
          run.text
        ),
      )}
    </>
  )
}
