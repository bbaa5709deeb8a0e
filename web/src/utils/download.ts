import type { DownloadedFile } from '../api/request'

/** Hands a downloaded file to the browser's save dialog through a temporary object URL. */
export function saveFile(file: DownloadedFile, fallbackName: string): void {
  const url = URL.createObjectURL(file.blob)
  const link = document.createElement('a')
  link.href = url
  link.download = file.filename ?? fallbackName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked a little later: some browsers start reading the URL only after the click handler returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
