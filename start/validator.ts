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
    confirmed:
      '{{ field }}と確認用に入力したパスワードが一致しません。同じパスワードを2回入力してください。',
  },
  {
    email: 'メールアドレス',
    password: 'パスワード',
    loginId: '職員ID',
    memberNumber: '組合員番号',
    initialPassword: '初期パスワード',
    currentPassword: '現在のパスワード',
    password_confirmation: 'パスワード（確認）',
    birthDate: '生年月日',
    code: '認証コード',
  }
)
