export class Never {}
