import { SimpleMessagesProvider } from '@vinejs/vine'

/**
 * Japanese messages for the back-office forms: the same wording as start/validator.ts, with the
 * labels of each form's fields, so every message names the field the operator sees.
 */
const MESSAGES = {
  'required': '{{ field }}を入力してください。',
  'string': '{{ field }}は文字で入力してください。',
  'email': '{{ field }}の形式が正しくありません。例：taro@example.jp のように入力してください。',
  'maxLength': '{{ field }}は{{ max }}文字以内で入力してください。',
  'minLength': '{{ field }}は{{ min }}文字以上で入力してください。',
  'enum': '{{ field }}は選択肢から選んでください。',
  'in': '{{ field }}は選択肢から選んでください。',
  'number': '{{ field }}は数字で入力してください。',
  'min': '{{ field }}が正しくありません。',
  'max': '{{ field }}が正しくありません。',
  'withoutDecimals': '{{ field }}は整数で入力してください。',
  'regex': '{{ field }}の形式が正しくありません。',
  'database.unique': 'この{{ field }}はすでに使われています。別の値を入力してください。',
}

export function staffMessages(
  fields: Record<string, string>,
  extra: Record<string, string> = {}
): SimpleMessagesProvider {
  return new SimpleMessagesProvider({ ...MESSAGES, ...extra }, fields)
}
