export { startTestSmtpServer, findLink, type ReceivedMail, type TestSmtpServer } from "./startTestSmtpServer";
