/*
| Japanese validation messages, in one place. Each says what is wrong and what
| to do. Field names are the labels the forms show.
*/
import vine, { SimpleMessagesProvider } from '@vinejs/vine'

vine.messagesProvider = new SimpleMessagesProvider(
  {
    required: '{{ field }}を入力してください。',
    string: '{{ field }}は文字で入力してください。',
    email: '{{ field }}の形式が正しくありません。例：taro@example.jp のように入力してください。',
    maxLength: '{{ field }}は{{ max }}文字以内で入力してください。',
    minLength: '{{ field }}は{{ min }}文字以上で入力してください。',
    in: '{{ field }}の選択肢から選んでください。',
    number: '{{ field }}は数字で入力してください。',
    date: '{{ field }}の日付が正しくありません。',
    regex: '{{ field }}の形式が正しくありません。',
  },
  {
    email: 'メールアドレス',
    password: 'パスワード',
    loginId: '職員ID',
  }
)
