/*
| The application's ace commands, loaded from this folder.
|
| Every file in commands/ (and its sub-folders) whose name does not start with "_" is a command:
| its default export is a class extending BaseCommand. Nothing to register: a new file is picked
| up by the next `node ace ...` (adonisrc.ts lists this module in `commands`).
|
| Why not AdonisJS's own scan of `directories.commands` (FsLoader)? It validates each command's
| metadata with jsonschema 1.5.0, which resolves `$ref` through `new URL('/undefined#…',
| 'thismessage::/')`; Node 24's URL parser refuses that ("Invalid URL"), so on Node 24 every
| `node ace` (and `node ace test`, whose migrations run through ace) failed before doing anything.
| Packages' commands go through the same loader shape as this one (getMetaData/getCommand) and are
| not schema-validated. adonisrc.ts points `directories.commands` at a folder that does not exist,
| so the FsLoader scans nothing, and stubs/make/command/main.stub makes `node ace make:command`
| write into this folder.
*/
import { readdir } from 'node:fs/promises'
import { extname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BaseCommand } from '@adonisjs/core/ace'
import type { CommandMetaData } from '@adonisjs/core/types/ace'

type CommandClass = typeof BaseCommand

const FOLDER = new URL('./', import.meta.url)
const MODULE_EXTENSIONS = new Set(['.js', '.cjs', '.mjs', '.ts'])

let loaded: Promise<{ metaData: CommandMetaData; command: CommandClass }[]> | undefined

/** The command files of this folder, relative to it, in a stable order (same rules as FsLoader). */
async function commandFiles(): Promise<string[]> {
  const entries = await readdir(FOLDER, { recursive: true, withFileTypes: true })
  const files: string[] = []
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('_') || entry.name.endsWith('.d.ts')) continue
    if (!MODULE_EXTENSIONS.has(extname(entry.name))) continue
    // `parentPath` (Node >= 20.12) / `path` (older 20.x): the folder the entry was found in.
    const parent = (entry as { parentPath?: string }).parentPath ?? entry.path
    const file = relative(fileURLToPath(FOLDER), join(parent, entry.name)).split(sep).join('/')
    if (file.split('/').some((part) => part.startsWith('_'))) continue
    files.push(file)
  }
  return files.sort()
}

function assertCommand(value: unknown, file: string): asserts value is CommandClass {
  const candidate = value as { serialize?: unknown; commandName?: unknown } | undefined
  if (
    typeof value !== 'function' ||
    !candidate ||
    typeof candidate.serialize !== 'function' ||
    typeof candidate.commandName !== 'string' ||
    candidate.commandName.length === 0
  ) {
    throw new Error(
      `commands/${file}: the default export must be a class extending BaseCommand with a commandName ` +
        `(files whose name starts with "_" are not commands)`
    )
  }
}

async function load() {
  const commands: { metaData: CommandMetaData; command: CommandClass }[] = []
  for (const file of await commandFiles()) {
    // Under the TypeScript loader a .ts file is imported by its .js name, as FsLoader does.
    const url = new URL(file.replace(/\.ts$/, '.js'), FOLDER)
    const module = await import(url.href)
    assertCommand(module.default, file)
    commands.push({
      metaData: { ...module.default.serialize(), filePath: file.replace(/\.ts$/, '.js') },
      command: module.default,
    })
  }
  return commands
}

export async function getMetaData(): Promise<CommandMetaData[]> {
  loaded ??= load()
  const commands = await loaded
  return commands.map(({ metaData }) => metaData)
}

export async function getCommand(metaData: CommandMetaData): Promise<CommandClass | null> {
  loaded ??= load()
  const commands = await loaded
  return (
    commands.find(({ command }) => command.commandName === metaData.commandName)?.command ?? null
  )
}
