/** The GET handshake is the same for every Meta webhook (see ../whatsapp/verify.ts). */
export { verifyHandshake, type HandshakeQuery, type HandshakeResult } from '../whatsapp/verify';
