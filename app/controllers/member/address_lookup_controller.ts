import type { HttpContext } from '@adonisjs/core/http'
import { addressFromPostalCode } from '#domain/members/address_from_postal_code'
import { presentAddressLookup } from '#presenters/member/address_lookup'

/** How long a browser may keep an answer: Japan Post changes its data once a month at most. */
const LOOKUP_CACHE_SECONDS = 86_400

/**
 * 住所を検索 for the page's script: GET ?postalCode=…[&town=n, the chosen one] answers the towns as JSON from the bundled
 * dataset (an in-memory lookup, cheaper than a rate limiter's own write, so none; members only,
 * as the whole member area). 200 found, 404 unknown code, 422 not a 7-digit code.
 */
export default class AddressLookupController {
  async show({ request, response }: HttpContext) {
    const { postalCode, town } = request.qs()
    const outcome = addressFromPostalCode({
      postalCode: typeof postalCode === 'string' ? postalCode : '',
      townIndex: typeof town === 'string' && /^\d{1,4}$/.test(town) ? Number(town) : null,
    })
    const view = presentAddressLookup(outcome)
    response.header('Cache-Control', `private, max-age=${LOOKUP_CACHE_SECONDS}`)
    const status = { found: 200, not_found: 404, invalid: 422 }[view.status]
    return response.status(status).json(view)
  }
}
