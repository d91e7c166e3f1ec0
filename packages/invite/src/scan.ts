// `@parley/invite/scan`: QR scanning alone (jsQR, ~47 KB gzip), to load when a camera is opened.
export { scanQr, type ScanOptions } from './qr-scan.js';
export { QrScanner, type QrScannerOptions } from './qr-scanner.js';
