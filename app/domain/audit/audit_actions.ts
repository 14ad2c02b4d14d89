/**
 * Every action the audit / access log records, with its Japanese name: the one table the
 * audit log screen, the member page's 操作記録 tab and the CSV read. `AuditAction` is derived
 * from it, so recording a code without a label does not compile. The raw code is shown only
 * where it helps (the cell's title, a CSV column), never instead of the label.
 */
export const AUDIT_ACTION_LABELS = {
  'member.login': '組合員ログイン',
  'member.login_code': '組合員ログイン（認証コード）',
  'member.login_passkey': '組合員ログイン（パスキー）',
  'member.logout': '組合員ログアウト',
  'member.sign_out_others': '他の端末からのログアウト',
  'member.password_confirm': 'パスワードの再確認',
  'member.password_change.verify': 'パスワード変更（現在のパスワードの確認）',
  'member.password_change': 'パスワード変更',
  'member.password_reset.request': 'パスワード再設定の申請',
  'member.password_reset': 'パスワード再設定',
  'member.registration.verify': 'ログイン登録（初期パスワードの確認）',
  'member.registration.mail_sent': 'ログイン登録（確認メール送信）',
  'member.registration.complete': 'ログイン登録の完了',
  'member.email_change.request': 'メールアドレス変更の申請',
  'member.email_change.confirm': 'メールアドレス変更の確定',
  'member.profile.change': '個人情報の変更',
  'member.passkey.add': 'パスキーの登録',
  'member.passkey.rename': 'パスキーの名前の変更',
  'member.passkey.remove': 'パスキーの削除',
  'staff.login': '職員ログイン',
  'staff.login_code': '職員ログイン（確認コード）',
  'staff.logout': '職員ログアウト',
  'staff.two_step.enabled': '2段階認証の設定',
  'staff.two_step.disabled': '2段階認証の解除',
  'staff.member.view': '組合員情報の閲覧',
  'staff.member.mail_history': 'メール送信履歴の閲覧（組合員詳細）',
  'staff.member.unblock': 'ロック解除（組合員詳細）',
  'staff.member.withdrawal_recorded': '脱退届の受理を登録',
  'staff.member.withdrawal_cancelled': '脱退の取り消し',
  'staff.phone_desk.verify': '電話対応：本人確認',
  'staff.phone_desk.reveal_initial_password': '電話対応：初期パスワード表示',
  'staff.phone_desk.reveal_email': '電話対応：メールアドレス表示',
  'staff.phone_desk.reissue_initial_password': '電話対応：初期パスワード再発行',
  'staff.phone_desk.unblock': '電話対応：ロック解除',
  'staff.phone_desk.resend_registration_mail': '電話対応：登録確認メールの再送',
  'staff.phone_desk.send_reset_mail': '電話対応：パスワード再設定のご案内の送信',
  'staff.phone_desk.mail_history': '電話対応：メール送信履歴の閲覧',
  'staff.phone_desk.rate_limited': '電話対応：表示回数の上限',
  'staff.inquiry.view': 'お問い合わせの閲覧',
  'staff.inquiry.reply': 'お問い合わせへの回答',
  'staff.affiliation_request.approve': '所属変更申請の承認',
  'staff.affiliation_request.reject': '所属変更申請の却下',
  'staff.notice.create': 'お知らせの作成',
  'staff.notice.update': 'お知らせの更新',
  'staff.notice.publish': 'お知らせの掲載',
  'staff.notice.unpublish': 'お知らせの掲載終了',
  'staff.change_history.export': '変更履歴のCSV出力',
  'staff.guide_letters.print': '案内状の出力',
  'staff.audit_log.export': '監査ログのCSV出力',
  'staff.accounts.create': '職員アカウント作成',
  'staff.accounts.change_role': '職員の権限変更',
  'staff.accounts.deactivate': '職員アカウントの利用停止',
  'staff.accounts.reactivate': '職員アカウントの利用再開',
  'staff.accounts.reset_password': '職員のパスワード再設定',
  'staff.accounts.reset_two_step': '職員の2段階認証の解除',
  'import.upload': '取込ファイルのアップロード',
  'import.commit': '取込の反映',
  'import.rollback': '取込の取り消し',
} as const

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS

/** The label of a stored code; a code no longer written (old rows) is shown as it is. */
export function auditActionLabel(code: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string>)[code] ?? code
}
