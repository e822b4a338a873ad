// The look-up page still imports the choice buttons from here; the component is client/components/choice-grid.
export { ChoiceGrid, type Choice } from '../../components/choice-grid'
