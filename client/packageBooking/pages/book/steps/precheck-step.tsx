import { Text, View } from '@tarojs/components'
import { ChoiceGrid, type Choice } from '../../../../components/choice-grid'
import {
  askedQuestions,
  LAW,
  OUTCOME_LABELS,
  type Answer,
  type EligibilityAnswers,
  type EligibilityQuestion,
  type EligibilityResult,
} from '../../../../services/eligibility'
import { PapersList } from '../../../components/booking-details'

const ANSWERS: readonly Answer[] = ['yes', 'no', 'unsure']

function choicesOf(question: EligibilityQuestion): Choice<Answer>[] {
  return ANSWERS.map((value) => ({ value, label: question.labels[value] }))
}

/**
 * 看看能不能免审查: the questions of the 法律援助法 (a follow-up appears under the question it
 * depends on) and, once all asked are answered, what they mean — article by article, which
 * matters the law covers (Art. 31) and how hardship is checked (Art. 41). It never blocks booking.
 */
export function PrecheckStep(props: {
  answers: Partial<EligibilityAnswers>
  onAnswers: (answers: Partial<EligibilityAnswers>) => void
  eligibility: EligibilityResult
  allAnswered: boolean
}) {
  const { answers, eligibility } = props
  return (
    <View data-testid='precheck'>
      <Text className='text book-intro'>回答几个问题，看看申请法律援助时要不要核查家里的经济困难情况。只是帮您了解，不影响预约；不清楚的选“不确定”。</Text>
      <View className='card'>
        {askedQuestions(answers).map((question) => (
          <View className='question' key={question.key}>
            <Text className='question-article'>法律援助法{question.article}</Text>
            <Text className='question-text'>{question.question}</Text>
            <Text className='muted'>{question.hint}</Text>
            <ChoiceGrid
              choices={choicesOf(question)}
              value={answers[question.key] ?? null}
              onChange={(answer) => props.onAnswers({ ...answers, [question.key]: answer })}
              columns={3}
              label={question.question}
              testIdPrefix={`precheck-${question.key}`}
            />
          </View>
        ))}
      </View>
      {props.allAnswered && (
        <View className='card card-accent' data-testid='precheck-result' role='status'>
          <Text className={`outcome outcome-${eligibility.outcome}`} data-testid='precheck-outcome'>
            {OUTCOME_LABELS[eligibility.outcome]}
          </Text>
          <Text className='text'>{eligibility.summary}</Text>
          <Text className='subtitle book-gap'>逐条看</Text>
          {eligibility.criteria.map((criterion) => (
            <View className='criterion' key={criterion.article}>
              <Text className='question-article'>法律援助法{criterion.article}</Text>
              <Text className={`text${criterion.answer === 'yes' ? ' criterion-yes' : ''}`}>{criterion.explanation}</Text>
            </View>
          ))}
          {eligibility.hardshipCheck && (
            <View className='criterion' data-testid='precheck-hardship-check'>
              <Text className='question-article'>法律援助法{LAW.art41.article}</Text>
              <Text className='text'>{eligibility.hardshipCheck}</Text>
            </View>
          )}
          <View className='criterion' data-testid='precheck-matter-scope'>
            <Text className='question-article'>法律援助法{eligibility.matterScope.article}</Text>
            <Text className='text'>{eligibility.matterScope.note}</Text>
          </View>
          <Text className='subtitle book-gap'>要准备的材料</Text>
          <PapersList papers={eligibility.papers} />
          <Text className='muted'>这只是初步参考，以法律援助机构审查为准。咨询本身免费。</Text>
        </View>
      )}
    </View>
  )
}
