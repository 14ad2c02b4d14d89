import type { ImportKind } from '#models/import_batch'
import { csvText } from '#documents/csv'
import { STATEMENT_COLUMNS } from '#imports/kinds/statements'
import { CONTRIBUTION_REPORT_COLUMNS } from '#imports/kinds/contribution_reports'
import { MEMBER_COLUMNS } from '#imports/kinds/members'

/**
 * Sample files offered in the UI: the header row with the standard names, then example rows.
 * The accepted aliases are listed in the table next to the download link.
 */
export function sampleCsv(kind: ImportKind): string {
  switch (kind) {
    case 'statements': {
      // The last five columns (引落日 and the debit account) are optional: the same on every
      // line of a member; a file without them imports as before.
      const first = ['2026/11/27', 'ふくい銀行', '大手支店', '普通', '1234']
      const second = ['2026/11/27', '北陸信用金庫', '中央支店', '当座', '5678']
      return csvText(
        STATEMENT_COLUMNS.map((c) => c.label),
        [
          [
            '2026/10',
            '1000001',
            '2026/10/05',
            '食品',
            '牛乳 1000ml',
            '2',
            '238',
            '476',
            '8',
            ...first,
          ],
          [
            '2026/10',
            '1000001',
            '2026/10/12',
            '日用品',
            'ティッシュペーパー 5箱',
            '1',
            '398',
            '398',
            '10',
            ...first,
          ],
          [
            '2026/10',
            '1000001',
            '2026/10/20',
            '返品',
            '牛乳 1000ml（返品）',
            '△1',
            '238',
            '△238',
            '8',
            ...first,
          ],
          [
            '2026/10',
            '1000002',
            '20261003',
            '保険',
            '共済掛金',
            '1',
            '1,200',
            '1,200',
            '0',
            ...second,
          ],
        ]
      )
    }
    case 'contribution_reports':
      return csvText(
        CONTRIBUTION_REPORT_COLUMNS.map((c) => c.label),
        [
          ['2025', '1000001', '10', '10,000', '2', '2,000', '0', '0', '12', '12,000', '240'],
          ['2025', '1000002', '5', '5,000', '0', '0', '1', '1,000', '4', '4,000', '80'],
        ]
      )
    case 'members':
      return csvText(
        MEMBER_COLUMNS.map((c) => c.label),
        [
          [
            '1000001',
            '山田 花子',
            'ヤマダ ハナコ',
            '1980/04/01',
            '0776-12-3456',
            '910-0001',
            '福井県福井市大手3-1-1',
            'S001',
            '福井市立大手小学校',
            '現職',
            '2010/04/01',
            '',
          ],
          [
            '1000002',
            '佐藤 太郎',
            'サトウ タロウ',
            '19550310',
            '09012345678',
            '9100002',
            '福井県福井市中央1-2-3',
            'S002',
            '福井市立中央中学校',
            '退職',
            '1980-04-01',
            '2026/06/30',
          ],
        ]
      )
    default:
      return ''
  }
}
