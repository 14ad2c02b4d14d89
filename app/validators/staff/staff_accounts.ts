import vine from '@vinejs/vine'
import { STAFF_ROLES } from '#models/staff_user'
import { STAFF_PASSWORD_MIN_LENGTH } from '#domain/auth/staff_accounts'
import { staffMessages } from '#validators/staff/messages'

const FIELDS = { loginId: '職員ID', name: '氏名', role: '権限', password: 'パスワード' }
const EXTRA = {
  'loginId.regex': '職員IDは半角英小文字・数字・「.」「_」「-」の3〜30文字で入力してください。',
  'password.minLength': `パスワードは${STAFF_PASSWORD_MIN_LENGTH}文字以上で入力してください。空欄にすると自動で作成します。`,
}

const password = () => vine.string().minLength(STAFF_PASSWORD_MIN_LENGTH).maxLength(128).optional()

export const createStaffAccountValidator = vine.compile(
  vine.object({
    loginId: vine
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9._-]{3,30}$/)
      .unique(async (db, value) => {
        const row = await db.from('staff_users').where('login_id', value).first()
        return !row
      }),
    name: vine.string().trim().minLength(1).maxLength(60),
    role: vine.enum(STAFF_ROLES),
    password: password(),
  })
)
createStaffAccountValidator.messagesProvider = staffMessages(FIELDS, EXTRA)

export const staffRoleValidator = vine.compile(vine.object({ role: vine.enum(STAFF_ROLES) }))
staffRoleValidator.messagesProvider = staffMessages(FIELDS, EXTRA)

export const staffPasswordValidator = vine.compile(vine.object({ password: password() }))
staffPasswordValidator.messagesProvider = staffMessages(FIELDS, EXTRA)
