import './scratch-inproc.js';
