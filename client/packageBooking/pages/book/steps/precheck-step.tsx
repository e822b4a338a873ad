import { Text, View } from '@tarojs/components'
import { ChoiceGrid, type Choice } from '../../../../components/choice-grid'
import { ELIGIBILITY_QUESTIONS, OUTCOME_LABELS, type Answer, type EligibilityAnswers, type EligibilityResult } from '../../../../services/eligibility'
import { PapersList } from '../../../components/booking-details'

const ANSWER_CHOICES: Choice<Answer>[] = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
  { value: 'unsure', label: '不确定' },
]

/** 看看能不能免审查: four questions of the 法律援助法 and, once all are answered, what they mean. */
export function PrecheckStep(props: { answers: Partial<EligibilityAnswers>; onAnswers: (answers: Partial<EligibilityAnswers>) => void; eligibility: EligibilityResult; allAnswered: boolean }) {
  const { answers, eligibility } = props
  return (
    <View data-testid='precheck'>
      <Text className='text book-intro'>回答 4 个问题，看看申请法律援助时能不能免予经济困难审查。只是帮您了解，不影响预约，不清楚可以选“不确定”。</Text>
      <View className='card'>
        {ELIGIBILITY_QUESTIONS.map((question) => (
          <View className='question' key={question.key}>
            <Text className='question-article'>法律援助法{question.article}</Text>
            <Text className='question-text'>{question.question}</Text>
            <ChoiceGrid
              choices={ANSWER_CHOICES}
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
          <Text className='subtitle book-gap'>要准备的材料</Text>
          <PapersList papers={eligibility.papers} />
          <Text className='muted'>这只是初步参考，以服务站审查为准。咨询本身免费。</Text>
        </View>
      )}
    </View>
  )
}
