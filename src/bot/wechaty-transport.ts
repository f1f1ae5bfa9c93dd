import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { FileBox } from 'file-box'
import type { Wechaty } from 'wechaty'
import { maskForGroup } from '../domain/privacy.js'
import type { Transport } from './outbox.js'

/** What Room.say puts between two @-mentions (wechaty 1.20: FOUR_PER_EM_SPACE). */
const AT_SEPARATOR = '\u2005'

/** Sends outbox rows through Wechaty: groups with real @-mentions (the nicknames in them masked), contacts privately. */
export function createWechatyTransport(current: () => Wechaty): Transport {
  return {
    async send(row) {
      const bot = current()
      if (row.file !== undefined) {
        const to = row.isRoom ? await bot.Room.find({ id: row.conversationId }) : await bot.Contact.find({ id: row.conversationId })
        if (!to) throw new Error(`${row.isRoom ? 'room' : 'contact'} ${row.conversationId} not found`)
        // Base64, not a file box of the path: puppet-service uploads it (a big one as a stream) and the mock can carry it.
        await to.say(FileBox.fromBase64((await readFile(row.file)).toString('base64'), basename(row.file)))
        return
      }
      if (row.isRoom) {
        const room = await bot.Room.find({ id: row.conversationId })
        if (!room) throw new Error(`room ${row.conversationId} not found`)
        const contacts = (await Promise.all(row.mentionIds.map((id) => bot.Contact.find({ id })))).filter((c) => c !== undefined)
        // Room.say(text, ...contacts) would prepend "@<group nickname or name>" per contact, joined by U+2005, then a
        // space, unmasked (a nickname may hold a phone number): build that text here with each name masked, and send it
        // with the mention ids. The text was masked when it was queued; masking it again changes nothing there and
        // covers rows queued by an older version.
        const names = await Promise.all(contacts.map(async (c) => `@${maskForGroup((await room.alias(c)) || c.name())}`))
        const body = maskForGroup(row.text)
        const text = names.length ? `${names.join(AT_SEPARATOR)} ${body}` : body
        await bot.puppet.messageSendText(
          room.id,
          text,
          contacts.map((c) => c.id),
        )
      } else {
        const contact = await bot.Contact.find({ id: row.conversationId })
        if (!contact) throw new Error(`contact ${row.conversationId} not found`)
        await contact.say(row.text)
      }
    },
  }
}
